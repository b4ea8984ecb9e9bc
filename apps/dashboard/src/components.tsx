import type { StudyJson, StudyProgressJson } from "@rectune/api-contract";

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state}`}>{state.toLowerCase()}</span>;
}

/** How far a study got: its finished trials of the budget, as a progressbar with the counts in words. */
export function ProgressBar({
  progress,
  label,
}: {
  progress: Pick<StudyProgressJson, "finished" | "maxTrials" | "counts">;
  label: string;
}) {
  const { finished, maxTrials, counts } = progress;
  const pct = maxTrials > 0 ? Math.min(100, (100 * finished) / maxTrials) : 0;
  const part = (n: number) => `${maxTrials > 0 ? (100 * n) / maxTrials : 0}%`;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={maxTrials}
      aria-valuenow={finished}
      aria-valuetext={`${finished} of ${maxTrials} trials finished (${counts.COMPLETE} complete, ${counts.PRUNED} pruned, ${counts.FAILED} failed, ${counts.RUNNING} running)`}
      title={`${Math.round(pct)} %`}
    >
      <span className="bar state-COMPLETE" style={{ width: part(counts.COMPLETE) }} />
      <span className="bar state-PRUNED" style={{ width: part(counts.PRUNED) }} />
      <span className="bar state-FAILED" style={{ width: part(counts.FAILED) }} />
      <span className="bar state-RUNNING" style={{ width: part(counts.RUNNING) }} />
      <span className="progress-text">
        {finished.toLocaleString()} / {maxTrials.toLocaleString()}
      </span>
    </div>
  );
}

/** "mf on ratings.csv", "branin": what a study tunes. */
export function targetLabel(spec: StudyJson["spec"]): string {
  const target = spec.target as {
    kind: string;
    name?: string;
    model?: string;
    dataset?: { path?: string; kind?: string };
  };
  if (target.kind === "function") return `function ${target.name ?? ""}`;
  const data = target.dataset?.path
    ? target.dataset.path.split("/").slice(-2).join("/")
    : (target.dataset?.kind ?? "synthetic data");
  return `${target.model ?? target.kind} on ${data}`;
}

/** "tpe / asha": the configured sampler and pruner. */
export function strategyLabel(spec: StudyJson["spec"]): string {
  const name = (v: unknown) =>
    typeof v === "object" && v && "name" in v ? String((v as { name: unknown }).name) : String(v);
  return `${name(spec.strategy.sampler)} / ${name(spec.strategy.pruner)}`;
}

export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}

/** A table's header row of plain column names (each a column header for screen readers). */
export function ColumnHeads({ names }: { names: readonly string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}
