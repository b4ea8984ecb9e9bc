-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "StudyStatus" AS ENUM ('RUNNING', 'COMPLETED', 'STOPPED', 'FAILED');

-- CreateEnum
CREATE TYPE "TrialState" AS ENUM ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAILED');

-- CreateTable
CREATE TABLE "studies" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "StudyStatus" NOT NULL DEFAULT 'RUNNING',
    "directions" TEXT[],
    "next_trial_number" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "studies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trials" (
    "id" SERIAL NOT NULL,
    "study_id" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "state" "TrialState" NOT NULL DEFAULT 'WAITING',
    "values" DOUBLE PRECISION[],
    "value" DOUBLE PRECISION,
    "metrics" JSONB,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "heartbeat_at" TIMESTAMP(3),
    "strategy" JSONB,
    "last_step" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intermediate_values" (
    "trial_id" INTEGER NOT NULL,
    "study_id" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "metrics" JSONB,
    "attempt" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intermediate_values_pkey" PRIMARY KEY ("trial_id","step")
);

-- CreateTable
CREATE TABLE "workers" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "studies_status_idx" ON "studies"("status");

-- CreateIndex
CREATE INDEX "trials_study_id_state_idx" ON "trials"("study_id", "state");

-- CreateIndex
CREATE INDEX "trials_study_id_value_idx" ON "trials"("study_id", "value");

-- CreateIndex
CREATE INDEX "trials_state_heartbeat_at_idx" ON "trials"("state", "heartbeat_at");

-- CreateIndex
CREATE UNIQUE INDEX "trials_study_id_number_key" ON "trials"("study_id", "number");

-- CreateIndex
CREATE INDEX "intermediate_values_study_id_step_idx" ON "intermediate_values"("study_id", "step");

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "intermediate_values" ADD CONSTRAINT "intermediate_values_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE CASCADE ON UPDATE CASCADE;

