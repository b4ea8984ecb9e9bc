import { studySpecSchema } from "@rectune/spec";
import { z } from "zod";
import {
  askRequestSchema,
  askedTrialSchema,
  enqueueRequestSchema,
  enqueuedTrialSchema,
  heartbeatRequestSchema,
  heartbeatResponseSchema,
  reportRequestSchema,
  reportResponseSchema,
  tellRequestSchema,
  tellResponseSchema,
} from "./ask-tell.js";
import { capacitySchema } from "./capacity.js";
import { curvesSchema, importanceSchema, paretoSchema, strategyReportSchema, trialTableSchema } from "./insights.js";
import {
  datasetLeaderboardQuerySchema,
  datasetLeaderboardSchema,
  modelDownloadSchema,
  recommendationRequestSchema,
  recommendationsSchema,
  servingQuerySchema,
} from "./serving.js";
import {
  curvesQuerySchema,
  eventsQuerySchema,
  importanceQuerySchema,
  leaderboardQuerySchema,
  studyListQuerySchema,
  trialPageQuerySchema,
} from "./queries.js";
import { studyListSchema, studyPatchSchema, studySchema, studySummarySchema } from "./studies.js";
import { leaderboardSchema, trialDetailSchema, trialSchema, workersSchema } from "./trials.js";

/** `POST /v1/studies`: the stored study, with the deprecated spellings the spec used, if any. */
export const createdStudySchema = studySchema.extend({
  warnings: z.array(z.object({ field: z.string(), message: z.string(), line: z.number().int().optional() })).optional(),
});

/** `GET /v1/studies/:id/trials`: one page of a study's trials by number. */
export const trialPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  trials: z.array(trialSchema),
});

export const healthSchema = z.looseObject({ status: z.literal("ok") });
export const readinessSchema = z.object({
  status: z.enum(["ready", "unavailable"]),
  checks: z.object({ postgres: z.string(), queue: z.string() }),
});

/**
 * One route of the API: what the OpenAPI document says of it and what the typed client calls. `path`
 * is in OpenAPI's template form (`{id}`); path parameters are integers.
 */
export interface RouteSpec {
  readonly method: "get" | "post" | "patch";
  readonly path: string;
  readonly summary: string;
  readonly tag: "studies" | "trials" | "ask/tell" | "cluster";
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** `true`: a request body may be left out (`{}` is assumed). */
  readonly bodyOptional?: boolean;
  /** The success status and its body; `events` streams `text/event-stream`. */
  readonly status: 200 | 201;
  readonly response: z.ZodType | "events";
  /** Problem statuses it answers (besides 400 for a malformed request). */
  readonly problems: readonly number[];
}

/** Every route of the API by operation id: the one table the OpenAPI document and the typed client read. */
export const apiRoutes = {
  createStudy: {
    method: "post",
    path: "/v1/studies",
    summary: "Submit a study spec (JSON, or YAML/JSON text with Content-Type application/yaml)",
    tag: "studies",
    body: studySpecSchema,
    status: 201,
    response: createdStudySchema,
    problems: [],
  },
  listStudies: {
    method: "get",
    path: "/v1/studies",
    summary: "Studies, newest first, with their progress and best value",
    tag: "studies",
    query: studyListQuerySchema,
    status: 200,
    response: studyListSchema,
    problems: [],
  },
  getStudy: {
    method: "get",
    path: "/v1/studies/{id}",
    summary: "A study's status, trial counts by state and best trial",
    tag: "studies",
    status: 200,
    response: studySummarySchema,
    problems: [404],
  },
  patchStudy: {
    method: "patch",
    path: "/v1/studies/{id}",
    summary: "Set a study's budget (maxTrials); a completed study given more trials runs again",
    tag: "studies",
    body: studyPatchSchema,
    status: 200,
    response: studySchema,
    problems: [404, 409],
  },
  listTrials: {
    method: "get",
    path: "/v1/studies/{id}/trials",
    summary: "A page of a study's trials by number",
    tag: "trials",
    query: trialPageQuerySchema,
    status: 200,
    response: trialPageSchema,
    problems: [404],
  },
  getTrial: {
    method: "get",
    path: "/v1/studies/{id}/trials/{number}",
    summary: "One trial in full: every step it reported and its worker",
    tag: "trials",
    status: 200,
    response: trialDetailSchema,
    problems: [404],
  },
  leaderboard: {
    method: "get",
    path: "/v1/studies/{id}/leaderboard",
    summary: "A study's best trials by its first objective",
    tag: "studies",
    query: leaderboardQuerySchema,
    status: 200,
    response: leaderboardSchema,
    problems: [404],
  },
  strategy: {
    method: "get",
    path: "/v1/studies/{id}/strategy",
    summary: "The auto strategy's decision log, each sampler's share and contribution",
    tag: "studies",
    status: 200,
    response: strategyReportSchema,
    problems: [404],
  },
  pareto: {
    method: "get",
    path: "/v1/studies/{id}/pareto",
    summary: "Complete trials ranked by non-dominated front, then crowding distance; the Pareto front",
    tag: "studies",
    status: 200,
    response: paretoSchema,
    problems: [404],
  },
  recommendations: {
    method: "post",
    path: "/v1/studies/{id}/recommendations",
    summary: "Top-K items for users from the study's champion (or ?trial=N), by original ids",
    tag: "studies",
    query: servingQuerySchema,
    body: recommendationRequestSchema,
    status: 200,
    response: recommendationsSchema,
    problems: [404, 409, 422],
  },
  championModel: {
    method: "get",
    path: "/v1/studies/{id}/model",
    summary: "The champion's model: family, params, tfjs weights and id maps",
    tag: "studies",
    status: 200,
    response: modelDownloadSchema,
    problems: [404, 409],
  },
  datasetLeaderboard: {
    method: "get",
    path: "/v1/leaderboards",
    summary: "Every study's refitted champion on one data set (fingerprint), best test figure first",
    tag: "studies",
    query: datasetLeaderboardQuerySchema,
    status: 200,
    response: datasetLeaderboardSchema,
    problems: [],
  },
  stopStudy: {
    method: "post",
    path: "/v1/studies/{id}/stop",
    summary: "Stop a running study: no new trials, running ones finish",
    tag: "studies",
    status: 200,
    response: studySchema,
    problems: [404, 409],
  },
  resumeStudy: {
    method: "post",
    path: "/v1/studies/{id}/resume",
    summary: "Resume a stopped study up to its budget",
    tag: "studies",
    status: 200,
    response: studySchema,
    problems: [404, 409],
  },
  table: {
    method: "get",
    path: "/v1/studies/{id}/table",
    summary: "Every trial of a study as columns (the dashboard's table and charts)",
    tag: "trials",
    status: 200,
    response: trialTableSchema,
    problems: [404],
  },
  importance: {
    method: "get",
    path: "/v1/studies/{id}/importance",
    summary: "Hyperparameter importance (fANOVA on the completed trials)",
    tag: "studies",
    query: importanceQuerySchema,
    status: 200,
    response: importanceSchema,
    problems: [404],
  },
  curves: {
    method: "get",
    path: "/v1/studies/{id}/curves",
    summary: "Learning curves, selected and downsampled",
    tag: "trials",
    query: curvesQuerySchema,
    status: 200,
    response: curvesSchema,
    problems: [404],
  },
  ask: {
    method: "post",
    path: "/v1/studies/{id}/trials:ask",
    summary: "Ask for a trial of an external study: the sampler's next configuration under a lease",
    tag: "ask/tell",
    body: askRequestSchema,
    bodyOptional: true,
    status: 201,
    response: askedTrialSchema,
    problems: [404, 409],
  },
  enqueueTrial: {
    method: "post",
    path: "/v1/studies/{id}/trials",
    summary: "Enqueue a configuration of your choice, checked against the space",
    tag: "ask/tell",
    body: enqueueRequestSchema,
    status: 201,
    response: enqueuedTrialSchema,
    problems: [404, 409],
  },
  report: {
    method: "post",
    path: "/v1/trials/{id}/report",
    summary: "Report a step's metrics: the pruner's decision, and the lease renewed",
    tag: "ask/tell",
    body: reportRequestSchema,
    status: 200,
    response: reportResponseSchema,
    problems: [409],
  },
  heartbeat: {
    method: "post",
    path: "/v1/trials/{id}/heartbeat",
    summary: "Keep a trial's lease alive during a long step (a client's background thread)",
    tag: "ask/tell",
    body: heartbeatRequestSchema,
    status: 200,
    response: heartbeatResponseSchema,
    problems: [409],
  },
  tell: {
    method: "post",
    path: "/v1/trials/{id}/tell",
    summary: "Tell a trial's result (its values) or its failure",
    tag: "ask/tell",
    body: tellRequestSchema,
    status: 200,
    response: tellResponseSchema,
    problems: [409],
  },
  workers: {
    method: "get",
    path: "/v1/workers",
    summary: "Registered workers: host, backend, concurrency, liveness, the trials each runs",
    tag: "cluster",
    status: 200,
    response: workersSchema,
    problems: [],
  },
  capacity: {
    method: "get",
    path: "/v1/capacity",
    summary: "Each capability queue's backlog, live workers and slots, and the studies no live worker serves",
    tag: "cluster",
    status: 200,
    response: capacitySchema,
    problems: [],
  },
  events: {
    method: "get",
    path: "/v1/events",
    summary: "Server-sent events of trial and study changes",
    tag: "cluster",
    query: eventsQuerySchema,
    status: 200,
    response: "events",
    problems: [404],
  },
  health: {
    method: "get",
    path: "/healthz",
    summary: "Liveness: the process answers",
    tag: "cluster",
    status: 200,
    response: healthSchema,
    problems: [],
  },
  ready: {
    method: "get",
    path: "/readyz",
    summary: "Readiness: PostgreSQL and the queue answer (503 when not)",
    tag: "cluster",
    status: 200,
    response: readinessSchema,
    problems: [503],
  },
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof apiRoutes;
export type OperationId = keyof ApiRoutes;
