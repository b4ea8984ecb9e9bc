import type { AskTell, StudyGuard } from "@rectune/ask-tell";
import {
  apiRoutes,
  askRequestSchema,
  enqueueRequestSchema,
  heartbeatRequestSchema,
  reportRequestSchema,
  tellRequestSchema,
  type AskedTrialJson,
  type EnqueuedTrial,
  type ReportResponse,
  type RouteSpec,
  type TellResponse,
} from "@rectune/api-contract";
import { parseOr400, studyIdOf, trialIdOf } from "./params.js";

/** The caller of an ask/tell route, as its work needs it. */
export interface AskTellCaller {
  /** The client's address: an ask without a `client` name is shown as `http:<address>`. */
  readonly ip: string | undefined;
  /** Throws NotFoundError unless the caller's project holds the study (its key's project check). */
  readonly mayUse: StudyGuard;
}

/** A route's success: its status and JSON body (and the created resource's path). */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly location?: string;
}

/** One ask/tell route: its contract (path, body schema, status) and its work once the id is checked. */
export interface AskTellEndpoint {
  readonly route: RouteSpec;
  /** Whose id the path names: a study's (checked against the caller's project first) or a trial's. */
  readonly idOf: "study" | "trial";
  run(asks: AskTell, id: number, body: unknown, caller: AskTellCaller): Promise<JsonAnswer>;
}

/**
 * Ask/tell over HTTP for studies whose target is `external` (the user's own training code, any
 * language): ask for a trial under a lease, report steps (the pruner answers; the lease is renewed),
 * tell the result; and enqueue a chosen configuration, for any running study. Served by the fast path
 * (ask-tell-http.ts) and by Express (routes/ask-tell.ts) through `answerAskTell`: one implementation.
 */
export const ASK_TELL_ENDPOINTS: readonly AskTellEndpoint[] = [
  {
    route: apiRoutes.ask,
    idOf: "study",
    async run(asks, id, raw, caller) {
      const body = parseOr400(askRequestSchema, raw ?? {}, "body");
      const asked = await asks.ask(id, body.client ?? `http:${caller.ip ?? "unknown"}`);
      const answer: AskedTrialJson = {
        trial: asked.trialId,
        number: asked.number,
        params: asked.params,
        attempt: asked.attempt,
        leaseUntil: asked.leaseUntil.toISOString(),
      };
      return { status: 201, body: answer };
    },
  },
  {
    route: apiRoutes.enqueueTrial,
    idOf: "study",
    async run(asks, id, raw) {
      const { params } = parseOr400(enqueueRequestSchema, raw, "body");
      const created = await asks.enqueue(id, params);
      const answer: EnqueuedTrial = {
        trial: created.id,
        number: created.number,
        params: created.params,
        state: "WAITING",
      };
      return { status: 201, body: answer, location: `/v1/studies/${id}/trials/${created.number}` };
    },
  },
  {
    route: apiRoutes.report,
    idOf: "trial",
    async run(asks, id, raw, caller) {
      const { attempt, step, metrics } = parseOr400(reportRequestSchema, raw, "body");
      const verdict = await asks.report(id, attempt, step, metrics, caller.mayUse);
      const answer: ReportResponse = {
        prune: verdict.prune,
        reason: verdict.reason,
        leaseUntil: verdict.leaseUntil.toISOString(),
      };
      return { status: 200, body: answer };
    },
  },
  {
    route: apiRoutes.heartbeat,
    idOf: "trial",
    async run(asks, id, raw, caller) {
      const { attempt } = parseOr400(heartbeatRequestSchema, raw, "body");
      return { status: 200, body: { leaseUntil: (await asks.renew(id, attempt, caller.mayUse)).toISOString() } };
    },
  },
  {
    route: apiRoutes.tell,
    idOf: "trial",
    async run(asks, id, raw, caller) {
      const body = parseOr400(tellRequestSchema, raw, "body");
      if ("state" in body) await asks.tell(id, body.attempt, { state: "FAILED", error: body.error }, caller.mayUse);
      else
        await asks.tell(
          id,
          body.attempt,
          {
            values: typeof body.values === "number" ? [body.values] : body.values,
            ...(body.metrics ? { metrics: body.metrics } : {}),
          },
          caller.mayUse,
        );
      const answer: TellResponse = { trial: id, state: "state" in body ? "FAILED" : "COMPLETE" };
      return { status: 200, body: answer };
    },
  },
];

/**
 * An ask/tell request's answer from its path's raw id and its parsed body: the id checked (400, 404
 * beyond any stored one), a study's project checked before its body is (404), then the route's work.
 * Errors are thrown, for the caller's problem answer.
 */
export async function answerAskTell(
  asks: AskTell,
  endpoint: AskTellEndpoint,
  rawId: unknown,
  body: unknown,
  caller: AskTellCaller,
): Promise<JsonAnswer> {
  if (endpoint.idOf === "trial") return endpoint.run(asks, trialIdOf(rawId), body, caller);
  const id = studyIdOf(rawId);
  await caller.mayUse(id);
  return endpoint.run(asks, id, body, caller);
}
