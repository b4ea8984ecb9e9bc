import { objectivesOf } from "@rectune/spec";
import { ConflictError, IdempotencyConflictError } from "../contract/errors.js";
import { DEFAULT_PROJECT_ID, type StudyControl, STOPPED_BEFORE_START } from "../contract/study-control.js";
import { copy, type MemoryData, studyRow } from "./memory-data.js";

export function memoryStudyControl(data: MemoryData): StudyControl {
  return {
    async createStudy(spec, options = {}) {
      const now = data.now();
      const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
      const projectName = data.project(projectId).name;
      const submission = options.idempotency && `${projectId} ${options.idempotency.key}`;
      const earlier = submission === undefined ? undefined : data.submissions.get(submission);
      if (earlier && options.idempotency) {
        if (earlier.bodyHash !== options.idempotency.bodyHash)
          throw new IdempotencyConflictError(options.idempotency.key);
        return studyRow(data.study(earlier.studyId));
      }
      const study = {
        id: data.nextId("study"),
        projectId,
        projectName,
        name: spec.name,
        spec: copy(spec),
        status: "RUNNING" as const,
        directions: objectivesOf(spec).map((o) => o.direction),
        nextTrialNumber: 0,
        error: null,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      data.studies.set(study.id, study);
      if (submission !== undefined && options.idempotency)
        data.submissions.set(submission, { studyId: study.id, bodyHash: options.idempotency.bodyHash });
      return studyRow(study);
    },

    async stopStudy(id) {
      const study = data.study(id);
      if (study.status !== "RUNNING") throw new ConflictError(`study ${id} is ${study.status}, not RUNNING`);
      const now = data.now();
      Object.assign(study, { status: "STOPPED", completedAt: now, updatedAt: now });
      for (const trial of data.trialsOf(id))
        if (trial.state === "WAITING")
          Object.assign(trial, { state: "FAILED", error: STOPPED_BEFORE_START, finishedAt: now });
      return studyRow(study);
    },

    async resumeStudy(id) {
      const study = data.study(id);
      if (study.status !== "STOPPED") throw new ConflictError(`study ${id} is ${study.status}, not STOPPED`);
      Object.assign(study, { status: "RUNNING", completedAt: null, updatedAt: data.now() });
      for (const trial of data.trialsOf(id))
        if (trial.state === "FAILED" && trial.error === STOPPED_BEFORE_START)
          Object.assign(trial, { state: "WAITING", error: null, finishedAt: null });
      return studyRow(study);
    },

    async setMaxTrials(id, maxTrials) {
      const study = data.study(id);
      if (study.status === "FAILED") throw new ConflictError(`study ${id} is FAILED`);
      if (maxTrials < study.nextTrialNumber)
        throw new ConflictError(`study ${id} has ${study.nextTrialNumber} trials: its budget cannot be ${maxTrials}`);
      const reopen = study.status === "COMPLETED" && maxTrials > study.nextTrialNumber;
      Object.assign(study, {
        spec: { ...study.spec, strategy: { ...study.spec.strategy, maxTrials } },
        updatedAt: data.now(),
        ...(reopen ? { status: "RUNNING", completedAt: null } : {}),
      });
      return studyRow(study);
    },
  };
}
