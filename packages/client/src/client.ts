import { apiRoutes, type ApiRoutes, type OperationId, type RouteSpec } from "@rectune/api-contract";
import type { z } from "zod";
import { ApiError } from "./api-error.js";

type Route<K extends OperationId> = ApiRoutes[K];

/** The parsed answer of an operation. */
export type ResponseOf<K extends OperationId> = Route<K>["response"] extends z.ZodType
  ? z.output<Route<K>["response"]>
  : never;

/** The path parameters of an operation, by name (`{ id }`, `{ id, number }`). */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name]: number } & PathParams<Rest>
  : unknown;

/** What an operation takes: its path parameters, and its query and body as their schemas accept them. */
export type ArgsOf<K extends OperationId> = PathParams<Route<K>["path"]> &
  (Route<K> extends { query: z.ZodType } ? { query?: z.input<Route<K>["query"]> } : unknown) &
  (Route<K> extends { body: z.ZodType } ? { body: z.input<Route<K>["body"]> } : unknown);

export interface ClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` when set; a function is asked at each request. */
  readonly apiKey?: string | (() => string | undefined);
  readonly fetch?: typeof fetch;
}

/**
 * The API's operations, typed by the route table of @rectune/api-contract (the one the OpenAPI document
 * is generated from): arguments checked at compile time, answers parsed with their zod schemas, error
 * answers thrown as ApiError.
 */
export class RectuneClient {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Calls one operation of the route table. */
  async call<K extends OperationId>(operation: K, args: ArgsOf<K>): Promise<ResponseOf<K>> {
    const route: RouteSpec = apiRoutes[operation];
    const values = args as { query?: Record<string, unknown>; body?: unknown } & Record<string, unknown>;
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(values.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const url = `${this.baseUrl}${path}${query.size > 0 ? `?${query}` : ""}`;
    const headers: Record<string, string> = { accept: "application/json" };
    const key = typeof this.options.apiKey === "function" ? this.options.apiKey() : this.options.apiKey;
    if (key) headers.authorization = `Bearer ${key}`;
    if (values.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: route.method.toUpperCase(),
        headers,
        ...(values.body === undefined ? {} : { body: JSON.stringify(values.body) }),
      });
    } catch (error) {
      throw new Error(`cannot reach the rectune API at ${this.baseUrl} (${(error as Error).message})`);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status !== route.status) throw new ApiError(res.status, (json ?? {}) as ApiError["problem"]);
    if (route.response === "events") throw new Error(`${operation} is a stream: read it with EventSource`);
    return route.response.parse(json) as ResponseOf<K>;
  }

  submit(spec: unknown) {
    return this.call("createStudy", { body: spec as ArgsOf<"createStudy">["body"] });
  }

  studies(query: ArgsOf<"listStudies">["query"] = {}) {
    return this.call("listStudies", { query });
  }

  study(id: number) {
    return this.call("getStudy", { id });
  }

  trials(id: number, query: ArgsOf<"listTrials">["query"] = {}) {
    return this.call("listTrials", { id, query });
  }

  leaderboard(id: number, limit = 10) {
    return this.call("leaderboard", { id, query: { limit } });
  }

  stop(id: number) {
    return this.call("stopStudy", { id });
  }

  resume(id: number) {
    return this.call("resumeStudy", { id });
  }

  setMaxTrials(id: number, maxTrials: number) {
    return this.call("patchStudy", { id, body: { maxTrials } });
  }

  capacity() {
    return this.call("capacity", {});
  }

  workers() {
    return this.call("workers", {});
  }

  health() {
    return this.call("health", {});
  }

  /** Readiness with its checks; a 503 (a dependency not answering) is an answer too, not an error. */
  async ready(): Promise<ResponseOf<"ready">> {
    try {
      return await this.call("ready", {});
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) return error.problem as unknown as ResponseOf<"ready">;
      throw error;
    }
  }
}
