-- CreateTable
CREATE TABLE "strategy_decisions" (
    "id" SERIAL NOT NULL,
    "study_id" INTEGER NOT NULL,
    "trial" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "from_arm" TEXT,
    "to_arm" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "shares" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "strategy_decisions_study_id_trial_kind_key" ON "strategy_decisions"("study_id", "trial", "kind");

-- AddForeignKey
ALTER TABLE "strategy_decisions" ADD CONSTRAINT "strategy_decisions_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

