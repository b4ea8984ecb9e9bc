import type { RectuneClient, ResponseOf } from "@rectune/client";
import { Presets, SingleBar } from "cli-progress";

type Study = ResponseOf<"getStudy">;

const fmt = (v: number | undefined): string => (v === undefined ? "-" : v.toPrecision(5));

/** Seconds left at the rate trials finished since the watch began, or undefined before any finished. */
export function etaSeconds(finishedSince: number, elapsedMs: number, left: number): number | undefined {
  if (finishedSince <= 0 || elapsedMs <= 0) return undefined;
  return Math.round(((elapsedMs / finishedSince) * left) / 1000);
}

const duration = (s: number | undefined): string =>
  s === undefined
    ? "?"
    : s >= 3600
      ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
      : s >= 60
        ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
        : `${s}s`;

/** One progress line (logs, CI): finished / budget, running, failed, best, ETA. */
export function progressLine(study: Study, eta: number | undefined): string {
  return (
    `study ${study.id} ${study.status}: ${study.finished}/${study.maxTrials} trials, ${study.counts.RUNNING} running, ` +
    `${study.counts.FAILED} failed, ${study.counts.PRUNED} pruned | best ${fmt(study.bestTrial?.values?.[0])} | eta ${duration(eta)}`
  );
}

/**
 * Follows a study until it ends. On a terminal, a progress bar with the running and failed counts and an
 * ETA; elsewhere (logs, CI, a pipe), a progress line every `lineEveryMs` and at every status change.
 */
export async function watchStudy(
  client: RectuneClient,
  id: number,
  options: { intervalMs?: number; lineEveryMs?: number; tty?: boolean; say?: (line: string) => void } = {},
): Promise<Study> {
  const tty = options.tty ?? Boolean(process.stdout.isTTY);
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started = Date.now();
  let study = await client.study(id);
  const first = study.finished;
  const eta = () => etaSeconds(study.finished - first, Date.now() - started, study.maxTrials - study.finished);
  const values = () => ({
    best: fmt(study.bestTrial?.values?.[0]),
    status: study.status,
    running: study.counts.RUNNING,
    failed: study.counts.FAILED,
    eta: duration(eta()),
  });
  const bar = tty
    ? new SingleBar(
        {
          format: `study ${id} [{bar}] {value}/{total} | {running} running, {failed} failed | best {best} | eta {eta} | {status}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(study.maxTrials, study.finished, values());
  if (!tty) say(progressLine(study, eta()));
  let lastLine = Date.now();
  // REFITTING: the budget is spent and a worker refits the champion; the study completes after it.
  while (study.status === "RUNNING" || study.status === "REFITTING") {
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    study = await client.study(id);
    if (bar) {
      bar.setTotal(study.maxTrials);
      bar.update(study.finished, values());
    } else if (study.status !== "RUNNING" || Date.now() - lastLine >= (options.lineEveryMs ?? 5_000)) {
      say(progressLine(study, eta()));
      lastLine = Date.now();
    }
  }
  bar?.stop();
  return study;
}
