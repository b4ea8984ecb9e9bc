import type { ProblemJson } from "@rectune/api-contract";
import { authHeaders, signOut } from "./auth";

/** An API error answer: its status and, when the API sent one, its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemJson | null,
  ) {
    super(problem ? problem.detail : `the API answered ${status}`);
  }
}

export interface RequestOptions {
  readonly method?: "GET" | "POST";
  /** A JSON value, or a string sent as `contentType` (a YAML spec). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Another key than the stored one (the sign-in check). */
  readonly key?: string;
}

/** One request to the API (same origin). A 401 signs out: the key prompt comes back. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...authHeaders(options.key) };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = options.contentType ?? "application/json";
    body = typeof options.body === "string" && options.contentType ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(path, { method: options.method ?? "GET", headers, body, signal: options.signal });
  if (res.ok) return (await res.json()) as T;
  const problem = res.headers.get("content-type")?.includes("json") ? ((await res.json()) as ProblemJson) : null;
  if (res.status === 401 && options.key === undefined) signOut();
  throw new ApiError(res.status, problem);
}
