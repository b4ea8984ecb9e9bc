import type { AskTell, StudyGuard } from "@rectune/ask-tell";
import {
  askRequestSchema,
  enqueueRequestSchema,
  heartbeatRequestSchema,
  reportRequestSchema,
  tellRequestSchema,
  type AskedTrialJson,
  type EnqueuedTrial,
  type ReportResponse,
  type TellResponse,
} from "@rectune/api-contract";
import { NotFoundError } from "@rectune/store";
import { type Response, Router } from "express";
import { idParam, MAX_ID, parseOr400, studyIdOf } from "../params.js";

/** A trial id of a path: 400 when malformed, NotFoundError beyond any stored id. */
function trialIdOf(raw: unknown): number {
  const id = parseOr400(idParam, raw, "id");
  if (id > MAX_ID) throw new NotFoundError("trial", id);
  return id;
}

/**
 * Ask/tell over HTTP for studies whose target is `external` (the user's own training code, any
 * language): ask for a trial under a lease, report steps (the pruner answers; the lease is renewed),
 * tell the result; and enqueue a chosen configuration, for any running study.
 */
export function askTellRouter(asks: AskTell, guardFor: (res: Response) => StudyGuard): Router {
  const router = Router();

  // `:` after "trials" is literal (Google's custom-method style, as OSS Vizier names it), hence the escape.
  router.post("/v1/studies/:id/trials\\:ask", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const body = parseOr400(askRequestSchema, req.body ?? {}, "body");
    const client = body.client ?? `http:${req.ip ?? "unknown"}`;
    const asked = await asks.ask(id, client);
    const answer: AskedTrialJson = {
      trial: asked.trialId,
      number: asked.number,
      params: asked.params,
      attempt: asked.attempt,
      leaseUntil: asked.leaseUntil.toISOString(),
    };
    res.status(201).json(answer);
  });

  router.post("/v1/studies/:id/trials", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const { params } = parseOr400(enqueueRequestSchema, req.body, "body");
    const created = await asks.enqueue(id, params);
    const answer: EnqueuedTrial = {
      trial: created.id,
      number: created.number,
      params: created.params,
      state: "WAITING",
    };
    res.status(201).location(`/v1/studies/${id}/trials/${created.number}`).json(answer);
  });

  router.post("/v1/trials/:id/report", async (req, res) => {
    const id = trialIdOf(req.params.id);
    const { attempt, step, metrics } = parseOr400(reportRequestSchema, req.body, "body");
    const verdict = await asks.report(id, attempt, step, metrics, guardFor(res));
    const answer: ReportResponse = {
      prune: verdict.prune,
      reason: verdict.reason,
      leaseUntil: verdict.leaseUntil.toISOString(),
    };
    res.json(answer);
  });

  router.post("/v1/trials/:id/heartbeat", async (req, res) => {
    const id = trialIdOf(req.params.id);
    const { attempt } = parseOr400(heartbeatRequestSchema, req.body, "body");
    res.json({ leaseUntil: (await asks.renew(id, attempt, guardFor(res))).toISOString() });
  });

  router.post("/v1/trials/:id/tell", async (req, res) => {
    const id = trialIdOf(req.params.id);
    const body = parseOr400(tellRequestSchema, req.body, "body");
    if ("state" in body) await asks.tell(id, body.attempt, { state: "FAILED", error: body.error }, guardFor(res));
    else
      await asks.tell(
        id,
        body.attempt,
        {
          values: typeof body.values === "number" ? [body.values] : body.values,
          ...(body.metrics ? { metrics: body.metrics } : {}),
        },
        guardFor(res),
      );
    const answer: TellResponse = { trial: id, state: "state" in body ? "FAILED" : "COMPLETE" };
    res.json(answer);
  });

  return router;
}
