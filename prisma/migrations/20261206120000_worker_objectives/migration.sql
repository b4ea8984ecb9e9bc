-- The objective modules a worker loaded (RECTUNE_OBJECTIVES): name -> JSON Schema of its params, so the API
-- can check a study's space against a module some live worker runs.
ALTER TABLE "workers" ADD COLUMN "objectives" JSONB NOT NULL DEFAULT '{}';
