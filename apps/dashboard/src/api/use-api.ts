import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "./client";

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  /** Reads again; the current data stays on screen until the answer arrives. */
  reload(): void;
  /** Replaces the data in place (a live event merged into it). */
  update(change: (data: T) => T): void;
}

/** Reads `path` (null: nothing yet) when it changes, and on reload(). */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [round, setRound] = useState(0);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    if (shown.current !== path) {
      setData(undefined);
      shown.current = path;
    }
    api<T>(path, { signal: abort.signal }).then(
      (value) => {
        setData(value);
        setError(undefined);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return () => abort.abort();
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const update = useCallback((change: (data: T) => T) => setData((d) => (d === undefined ? d : change(d))), []);
  return { data, error, reload, update };
}

/** Calls `fn` at most once per `ms`, the last call winning (live events can arrive by the hundred). */
export function useThrottled(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, ms);
  }, [ms]);
}
