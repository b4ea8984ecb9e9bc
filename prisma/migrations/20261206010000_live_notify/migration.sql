-- Live pages (the dashboard's server-sent events, apps/api/src/routes/events.ts) learn of changes from
-- these notifications, committed with the rows, so that one LISTEN connection per API process replaces
-- every browser's polling:
-- * rectune_trials, payload '<study id>:<trial id>': a trial was created, changed state, or reported a
--   new step (last_step moved). Heartbeats, checkpoints and parameter changes stay silent.
-- * rectune_studies, payload '<study id>': a study was created or changed status.
-- As in 20261128170000_leaderboard_notify, the function bodies are E'' strings whose statement ends are
-- written \073: Prisma's pg adapter splits a migration at every semicolon. No semicolon inside a statement.
CREATE FUNCTION "rectune_trial_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''rectune_trials'', NEW."study_id"::text || '':'' || NEW."id"::text)\073
  RETURN NULL\073
END';

CREATE TRIGGER "trials_live_insert" AFTER INSERT ON "trials"
  FOR EACH ROW EXECUTE FUNCTION "rectune_trial_changed"();
CREATE TRIGGER "trials_live_update" AFTER UPDATE ON "trials"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."last_step" IS DISTINCT FROM NEW."last_step")
  EXECUTE FUNCTION "rectune_trial_changed"();

CREATE FUNCTION "rectune_study_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''rectune_studies'', NEW."id"::text)\073
  RETURN NULL\073
END';

CREATE TRIGGER "studies_live_insert" AFTER INSERT ON "studies"
  FOR EACH ROW EXECUTE FUNCTION "rectune_study_changed"();
CREATE TRIGGER "studies_live_update" AFTER UPDATE ON "studies"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "rectune_study_changed"();
