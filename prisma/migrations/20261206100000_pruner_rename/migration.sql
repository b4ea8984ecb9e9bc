-- The early-stopping axis is called the pruner (a scheduler decides what runs next). Rows written before
-- the rename spell it the old way: this moves them to the new keys once, so that no reader has to know
-- both: a study spec's strategy.scheduler becomes strategy.pruner, a trial strategy's scheduler,
-- schedulerConfig and schedulerBasis become pruner, prunerConfig and prunerBasis, and decision-log
-- entries of kind scheduler become kind pruner. (No semicolon inside a statement: Prisma's pg adapter
-- splits a migration at every one.)
UPDATE "studies"
  SET "spec" = jsonb_set("spec" #- '{strategy,scheduler}', '{strategy,pruner}', "spec"->'strategy'->'scheduler')
  WHERE "spec"->'strategy'->'scheduler' IS NOT NULL AND "spec"->'strategy'->'pruner' IS NULL;

UPDATE "trials"
  SET "strategy" = ("strategy" - 'scheduler') || jsonb_build_object('pruner', "strategy"->'scheduler')
  WHERE "strategy"->'scheduler' IS NOT NULL AND "strategy"->'pruner' IS NULL;

UPDATE "trials"
  SET "strategy" = ("strategy" - 'schedulerConfig') || jsonb_build_object('prunerConfig', "strategy"->'schedulerConfig')
  WHERE "strategy"->'schedulerConfig' IS NOT NULL AND "strategy"->'prunerConfig' IS NULL;

UPDATE "trials"
  SET "strategy" = ("strategy" - 'schedulerBasis') || jsonb_build_object('prunerBasis', "strategy"->'schedulerBasis')
  WHERE "strategy"->'schedulerBasis' IS NOT NULL AND "strategy"->'prunerBasis' IS NULL;

UPDATE "strategy_decisions" SET "kind" = 'pruner' WHERE "kind" = 'scheduler';
