import type { LiveEvent } from "@rectune/api-contract";
import { createParser } from "eventsource-parser";
import { authHeaders, signOut } from "./auth";

/**
 * Follows `GET /v1/events` (server-sent events). The browser's EventSource cannot send an
 * Authorization header, so the stream is read with fetch and parsed with eventsource-parser: the key
 * travels exactly as on every other request, never in a URL (where logs and proxies would keep it).
 * A dropped stream is opened again after a growing pause; the server's first event on each connection
 * (`feed`) lets the page read again what it may have missed. A 401 signs out.
 */
export function followEvents(query: string, onEvent: (event: LiveEvent) => void): () => void {
  const abort = new AbortController();
  let retryMs = 1000;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(`/v1/events${query}`, {
          headers: { accept: "text/event-stream", ...authHeaders() },
          signal: abort.signal,
        });
        if (res.status === 401) {
          signOut();
          return;
        }
        if (res.ok && res.body) {
          retryMs = 1000;
          const parser = createParser({
            onEvent: (message) => {
              try {
                onEvent(JSON.parse(message.data) as LiveEvent);
              } catch {
                // A malformed event is skipped; the next one carries the state again.
              }
            },
          });
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(value);
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      onEvent({ type: "feed", live: false });
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(15_000, retryMs * 2);
    }
  };
  void run();
  return () => abort.abort();
}
