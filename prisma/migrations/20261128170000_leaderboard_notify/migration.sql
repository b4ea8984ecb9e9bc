-- A study's leaderboard is its COMPLETE trials (see trials_leaderboard_*_idx). Any statement that adds,
-- changes or removes such a row announces the study on the channel rectune_leaderboard, committed with
-- the row, so that API processes can keep answers in memory and drop exactly the ones a change makes stale
-- (apps/api/src/leaderboard.ts). A trigger rather than a call in the store: no writer (the hot finish
-- statement, warm-start imports, a manual fix in psql) can change a leaderboard without announcing it.
-- The WHEN clauses keep the hot path cheap: claims, heartbeats and step reports never enter the function,
-- and PostgreSQL folds identical notifications of one transaction into one.
--
-- The function body is an E'' string whose statement ends are written \073 (octal for a semicolon):
-- Prisma's pg driver adapter runs a migration by splitting its text at every semicolon, quotes or not,
-- which would cut a dollar-quoted PL/pgSQL body apart. No semicolon may appear inside a statement here,
-- comments included.
CREATE FUNCTION "rectune_leaderboard_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''rectune_leaderboard'', (CASE WHEN TG_OP = ''DELETE'' THEN OLD."study_id" ELSE NEW."study_id" END)::text)\073
  RETURN NULL\073
END';

CREATE TRIGGER "trials_leaderboard_insert" AFTER INSERT ON "trials"
  FOR EACH ROW WHEN (NEW."state" = 'COMPLETE') EXECUTE FUNCTION "rectune_leaderboard_changed"();
CREATE TRIGGER "trials_leaderboard_update" AFTER UPDATE ON "trials"
  FOR EACH ROW WHEN (NEW."state" = 'COMPLETE' OR OLD."state" = 'COMPLETE') EXECUTE FUNCTION "rectune_leaderboard_changed"();
CREATE TRIGGER "trials_leaderboard_delete" AFTER DELETE ON "trials"
  FOR EACH ROW WHEN (OLD."state" = 'COMPLETE') EXECUTE FUNCTION "rectune_leaderboard_changed"();
