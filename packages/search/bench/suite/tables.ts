/** The suite's comparison rows and their text tables. */
import { compare, mannWhitney, median, quantile, type Outcome } from "./stats.js";
import type { Family } from "./problem.js";

export interface Row {
  readonly problem: string;
  readonly family: Family;
  readonly budget: number;
  readonly ours: readonly number[];
  readonly theirs: readonly number[];
  /** Which Optuna sampler `theirs` is. */
  readonly against: string;
  readonly p: number;
  readonly outcome: Outcome;
}

export function row(
  problem: string,
  family: Family,
  budget: number,
  ours: readonly number[],
  theirs: readonly number[],
  against: string,
  alpha: number,
): Row {
  return {
    problem,
    family,
    budget,
    ours,
    theirs,
    against,
    p: mannWhitney(ours, theirs).p,
    outcome: compare(ours, theirs, alpha),
  };
}

const fmt = (v: number): string => {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
};
const summary = (v: readonly number[]): string =>
  `${fmt(median(v))} [${fmt(quantile(v, 0.25))}, ${fmt(quantile(v, 0.75))}]`;

export function printRows(title: string, ourLabel: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  console.log(
    `${"problem".padEnd(22)} ${"family".padEnd(11)} ${`${ourLabel} median [IQR]`.padEnd(32)} ` +
      `${"optuna median [IQR]".padEnd(32)} ${"vs".padEnd(7)} ${"p".padStart(6)}  outcome`,
  );
  for (const r of rows) {
    console.log(
      `${r.problem.padEnd(22)} ${r.family.padEnd(11)} ${summary(r.ours).padEnd(32)} ${summary(r.theirs).padEnd(32)} ` +
        `${r.against.padEnd(7)} ${r.p.toFixed(3).padStart(6)}  ${r.outcome}`,
    );
  }
  const c = counts(rows);
  console.log(`  win/tie/loss ${c.win}/${c.tie}/${c.loss}: tie-or-win ${(100 * tieOrWin(rows)).toFixed(0)} %`);
}

export const counts = (rows: readonly Row[]): Record<Outcome, number> => ({
  win: rows.filter((r) => r.outcome === "win").length,
  tie: rows.filter((r) => r.outcome === "tie").length,
  loss: rows.filter((r) => r.outcome === "loss").length,
});

export const tieOrWin = (rows: readonly Row[]): number =>
  rows.length === 0 ? 0 : rows.filter((r) => r.outcome !== "loss").length / rows.length;

/** Per family: W/T/L of each comparison at each budget. */
export function printFamilies(comparisons: Record<string, readonly Row[]>, budgets: readonly number[]): void {
  const families = [...new Set(Object.values(comparisons).flatMap((rows) => rows.map((r) => r.family)))];
  const cols = Object.keys(comparisons).flatMap((name) => budgets.map((b) => ({ name, b })));
  console.log(`\nper family (win/tie/loss)`);
  console.log(`${"family".padEnd(12)} ${cols.map((c) => `${c.name} B=${c.b}`.padEnd(22)).join(" ")}`);
  for (const fam of families) {
    const cells = cols.map(({ name, b }) => {
      const c = counts(comparisons[name]!.filter((r) => r.family === fam && r.budget === b));
      return `${c.win}/${c.tie}/${c.loss}`.padEnd(22);
    });
    console.log(`${fam.padEnd(12)} ${cells.join(" ")}`);
  }
}
