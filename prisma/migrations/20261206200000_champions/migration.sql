-- Studies refit their best configuration once their budget is spent: a REFITTING status and the champions table.
ALTER TYPE "StudyStatus" ADD VALUE 'REFITTING' AFTER 'RUNNING';

CREATE TABLE "champions" (
    "study_id" INTEGER NOT NULL,
    "trial_id" INTEGER NOT NULL,
    "trial_number" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "values" DOUBLE PRECISION[],
    "epochs" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'WAITING',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "heartbeat_at" TIMESTAMP(3),
    "test_metrics" JSONB,
    "refit" JSONB,
    "error" TEXT,
    "weights" BYTEA,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "champions_pkey" PRIMARY KEY ("study_id")
);

CREATE INDEX "champions_state_heartbeat_at_idx" ON "champions"("state", "heartbeat_at");

ALTER TABLE "champions" ADD CONSTRAINT "champions_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "champions" ADD CONSTRAINT "champions_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE CASCADE ON UPDATE CASCADE;
