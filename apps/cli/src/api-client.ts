import type { CapacityJson } from "@rectune/api-contract";
/** A small typed client of the rectune REST API; problem+json answers become ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      title?: string;
      detail?: string;
      field?: string;
      errors?: { field: string; message: string }[];
    },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export interface TrialJson {
  number: number;
  state: string;
  params: Record<string, string | number | boolean>;
  values: number[] | null;
  metrics: Record<string, number> | null;
  attempt: number;
  strategy: { sampler?: string; pruner?: string } | null;
  lastStep: number | null;
  durationMs: number | null;
}

export interface StudyJson {
  id: number;
  name: string;
  status: string;
  directions: string[];
  counts: Record<string, number>;
  finished: number;
  maxTrials: number;
  bestTrial: TrialJson | null;
  /** Why the study FAILED (null otherwise). */
  error: string | null;
}

export interface LeaderboardJson {
  study: number;
  metric: string;
  direction: string;
  trials: (TrialJson & { rank: number; value: number })[];
}

export class ApiClient {
  /** `apiKey` is asked at each request: a key `rectune up` has just written is found. */
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: () => string | undefined = () => undefined,
  ) {}

  /** The same client (the same key) for another API address. */
  at(baseUrl: string): ApiClient {
    return new ApiClient(baseUrl, this.apiKey);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      const key = this.apiKey();
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new Error(
        `cannot reach the rectune API at ${this.baseUrl} (${(error as Error).message}); is \`rectune up\` running?`,
      );
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new ApiError(res.status, (json ?? {}) as ApiError["problem"]);
    return json as T;
  }

  submit(spec: unknown): Promise<{ id: number; name: string }> {
    return this.request("POST", "/v1/studies", spec);
  }

  study(id: number): Promise<StudyJson> {
    return this.request("GET", `/v1/studies/${id}`);
  }

  studies(): Promise<{
    studies: { id: number; name: string; status: string; trialsCreated: number; error: string | null }[];
  }> {
    return this.request("GET", "/v1/studies?limit=20");
  }

  leaderboard(id: number, limit: number): Promise<LeaderboardJson> {
    return this.request("GET", `/v1/studies/${id}/leaderboard?limit=${limit}`);
  }

  /** Liveness, and what the API says about itself (whether it serves the dashboard). */
  health(): Promise<{ status: string; dashboard?: string }> {
    return this.request("GET", "/healthz");
  }

  /** Per capability queue its backlog and live workers, and the running studies no live worker serves. */
  capacity(): Promise<CapacityJson> {
    return this.request("GET", "/v1/capacity");
  }

  /** Readiness with its checks; a 503 (a dependency not answering) is an answer too, not an error. */
  async ready(): Promise<{ status: string; checks: Record<string, string> }> {
    try {
      return await this.request("GET", "/readyz");
    } catch (error) {
      if (error instanceof ApiError && error.status === 503)
        return error.problem as unknown as { status: string; checks: Record<string, string> };
      throw error;
    }
  }
}
