import { SingleBar, Presets } from "cli-progress";
import type { ApiClient, StudyJson } from "./api-client.js";

const fmt = (v: number | undefined): string => (v === undefined ? "-" : v.toPrecision(5));

/** A progress bar of finished trials / budget with the best value so far; returns when the study ends. */
export async function watchStudy(
  client: ApiClient,
  id: number,
  options: { intervalMs?: number; bar?: boolean } = {},
): Promise<StudyJson> {
  let study = await client.study(id);
  const bar =
    options.bar === false
      ? undefined
      : new SingleBar(
          { format: `study ${id} [{bar}] {value}/{total} trials | best {best} | {status}`, hideCursor: true },
          Presets.shades_classic,
        );
  bar?.start(study.maxTrials, study.finished, { best: fmt(study.bestTrial?.values?.[0]), status: study.status });
  while (study.status === "RUNNING" || study.status === "REFITTING") {
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    study = await client.study(id);
    bar?.update(study.finished, { best: fmt(study.bestTrial?.values?.[0]), status: study.status });
  }
  bar?.stop();
  return study;
}
