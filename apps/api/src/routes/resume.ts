import type { StudyControl } from "@rectune/store";
import { Router } from "express";
import { studyIdOf } from "../params.js";
import { studyJson } from "../serialize.js";

/**
 * `POST /v1/studies/:id/resume`: a STOPPED study runs again; the trials its stop kept from starting
 * wait again, and the scheduler goes on to its budget. 409 for a study that is not STOPPED.
 */
export function resumeRouter(store: Pick<StudyControl, "resumeStudy">): Router {
  const router = Router();
  router.post("/:id/resume", async (req, res) => {
    const id = studyIdOf(req.params.id);
    res.json(studyJson(await store.resumeStudy(id)));
  });
  return router;
}
