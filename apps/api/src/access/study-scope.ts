import type { Principal } from "@rectune/access";
import { NotFoundError, type StudyReads, type StudyRow } from "@rectune/store";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { studyIdOf } from "../params.js";
import { principalOf } from "./api-key-auth.js";

/** How many studies' projects one API process remembers (a number pair each: a few MB at most). */
const REMEMBERED = 100_000;

/**
 * Which project each study belongs to, remembered: a study's project is set when it is created and
 * never changes (studies are neither moved nor deleted), so a trial route's project check (every
 * ask/tell report and tell) costs no query after the study's first.
 */
export class StudyAccess {
  private readonly projects = new Map<number, number>();

  constructor(private readonly store: Pick<StudyReads, "study">) {}

  /**
   * Throws NotFoundError (404, not 403: a key of project A learns nothing of B's studies, not even that
   * they exist) unless the study exists and the caller's project holds it (an admin key holds all).
   */
  async check(principal: Principal, studyId: number): Promise<void> {
    const projectId = this.projects.get(studyId) ?? this.remember(await this.store.study(studyId));
    if (principal.projectId !== null && projectId !== principal.projectId) throw new NotFoundError("study", studyId);
  }

  /**
   * Checks that the caller may see the study (see `check`) and returns how to read it: the row already
   * read when the check needed it, else one read on first use (a route that needs no row reads nothing).
   */
  async scope(principal: Principal, studyId: number): Promise<() => Promise<StudyRow>> {
    if (this.projects.has(studyId)) {
      await this.check(principal, studyId);
      let row: Promise<StudyRow> | undefined;
      return () => (row ??= this.store.study(studyId));
    }
    const study = await this.store.study(studyId);
    this.remember(study);
    await this.check(principal, studyId);
    return () => Promise.resolve(study);
  }

  private remember(study: StudyRow): number {
    if (!this.projects.has(study.id)) {
      // Oldest first out: Map keeps insertion order.
      if (this.projects.size >= REMEMBERED) this.projects.delete(this.projects.keys().next().value!);
      this.projects.set(study.id, study.projectId);
    }
    return study.projectId;
  }
}

/**
 * Guards every `/v1/studies/:id/...` route at once: the id must be a decimal number (400), one that
 * can exist (404 above PostgreSQL's integer range), of a study the caller's project holds (404). The
 * route reads the study through `scopedStudy`: at most one read per request, shared with the check.
 */
export function studyScope(access: StudyAccess): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = studyIdOf(req.params.id);
    access.scope(principalOf(res), id).then((read) => {
      res.locals.study = read;
      next();
    }, next);
  };
}

/** The study of a `/v1/studies/:id/...` request, read after the request arrived (once, see `studyScope`). */
export function scopedStudy(res: Response): Promise<StudyRow> {
  const read = res.locals.study as (() => Promise<StudyRow>) | undefined;
  if (!read) throw new Error("scopedStudy: the route is not behind studyScope");
  return read();
}
