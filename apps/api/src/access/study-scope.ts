import type { Principal } from "@rectune/access";
import { NotFoundError, type StudyReads, type StudyRow } from "@rectune/store";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { studyIdOf } from "../params.js";
import { principalOf } from "./api-key-auth.js";

/**
 * A study the caller may see, or NotFoundError (404, not 403: a key of project A learns nothing of B's
 * studies, not even that they exist). For routes that reach a study another way (a trial's id).
 */
export async function visibleStudy(
  store: Pick<StudyReads, "study">,
  principal: Principal,
  studyId: number,
): Promise<StudyRow> {
  const study = await store.study(studyId);
  if (principal.projectId !== null && study.projectId !== principal.projectId)
    throw new NotFoundError("study", studyId);
  return study;
}

/**
 * Guards every `/v1/studies/:id/...` route at once: the id must be a decimal number (400), one that
 * can exist (404 above PostgreSQL's integer range), of a study the caller's project holds (404).
 */
export function studyScope(store: Pick<StudyReads, "study">): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = studyIdOf(req.params.id);
    visibleStudy(store, principalOf(res), id).then(() => next(), next);
  };
}
