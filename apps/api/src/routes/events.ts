import type { LiveHub } from "@rectune/live";
import { Router } from "express";
import { eventsQuerySchema as eventsQuery } from "@rectune/api-contract";
import { principalOf, projectOf } from "../access/api-key-auth.js";
import type { StudyAccess } from "../access/study-scope.js";
import { parseOr400 } from "../params.js";
import { HttpProblem } from "../problem.js";

/** A comment line every so often keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: server-sent events (text/event-stream) of trial and study changes, pushed within a
 * round trip of their commit (see LiveHub). The first event says whether the change feed is live.
 */
export function eventsRouter(hub: LiveHub | undefined, access: StudyAccess): Router {
  const router = Router();
  router.get("/v1/events", async (req, res) => {
    const q = parseOr400(eventsQuery, req.query, "query");
    // One study: only a study of the key's project (404 otherwise); the list: only its project's studies.
    if (q.study !== undefined) await access.check(principalOf(res), q.study);
    const projectId = projectOf(res);
    if (!hub)
      throw new HttpProblem(503, "unavailable", "Live events unavailable", "this API process has no change feed");
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Reverse proxies (nginx) would otherwise buffer the stream.
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\n\n");
    const unsubscribe = hub.subscribe(
      q.study !== undefined
        ? { study: q.study }
        : projectId === undefined
          ? { studies: "all" }
          : { studies: "all", projectId },
      (frame) => res.write(frame),
    );
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    req.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
