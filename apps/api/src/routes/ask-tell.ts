import type { AskTell } from "@rectune/ask-tell";
import { type Response, Router } from "express";
import { principalOf } from "../access/api-key-auth.js";
import type { StudyAccess } from "../access/study-scope.js";
import { answerAskTell, ASK_TELL_ENDPOINTS, type AskTellCaller } from "../ask-tell-endpoints.js";

/** An OpenAPI path template as an Express path: `{id}` -> `:id`, a literal `:` escaped (`trials:ask`). */
const expressPath = (template: string): string => template.replace(/:/g, "\\:").replace(/\{(\w+)\}/g, ":$1");

/**
 * The ask/tell routes (ask-tell-endpoints.ts) in Express, for the requests the fast path leaves to it
 * (ask-tell-http.ts: another body type, a query, a trailing slash, an escaped or upper-case path).
 */
export function askTellRouter(asks: AskTell, access: StudyAccess): Router {
  const router = Router();
  const callerOf = (ip: string | undefined, res: Response): AskTellCaller => ({
    ip,
    mayUse: (studyId) => access.check(principalOf(res), studyId),
  });
  for (const endpoint of ASK_TELL_ENDPOINTS)
    router.post(expressPath(endpoint.route.path), async (req, res) => {
      const answer = await answerAskTell(asks, endpoint, req.params.id, req.body, callerOf(req.ip, res));
      if (answer.location !== undefined) res.location(answer.location);
      res.status(answer.status).json(answer.body);
    });
  return router;
}
