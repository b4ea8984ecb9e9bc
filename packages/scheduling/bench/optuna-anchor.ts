import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ensureDatabase } from "@rectune/store";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../../../shared/anchors/optuna_overhead.py", import.meta.url));

export interface OptunaFigures {
  readonly randomTps: number;
  readonly tpeTps: number;
  /** Time per trial after `trials` trials, ms (PostgreSQL storage). */
  readonly randomMsAtN: number;
  readonly tpeMsAtN: number;
  readonly lines: string[];
}

/** True when Debian's python3-optuna and python3-psycopg2 are installed. */
export async function optunaAvailable(): Promise<boolean> {
  try {
    await run("/usr/bin/python3", ["-c", "import optuna, psycopg2"]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the anchor script (ask -> 4 suggestions -> tell, in memory and on PostgreSQL) against the same
 * PostgreSQL the cluster uses, and reads back its PostgreSQL lines.
 */
export async function runOptunaAnchor(trials: number): Promise<OptunaFigures> {
  await ensureDatabase("postgresql://postgres@127.0.0.1:5432/optuna_bench");
  const { stdout } = await run("/usr/bin/python3", [SCRIPT, String(trials)], { maxBuffer: 1 << 20, timeout: 900_000 });
  const lines = stdout.trim().split("\n");
  const figure = (sampler: string) => {
    const line = lines.find((l) => l.includes("storage=postgres") && l.includes(`sampler=${sampler} `));
    const match = line?.match(/([\d.]+) trials\/s; per-trial at n=\d+: ([\d.]+) ms/);
    if (!match) throw new Error(`no postgres/${sampler} line in the anchor's output:\n${stdout}`);
    return { tps: Number(match[1]), ms: Number(match[2]) };
  };
  const random = figure("random");
  const tpe = figure("tpe");
  return { randomTps: random.tps, tpeTps: tpe.tps, randomMsAtN: random.ms, tpeMsAtN: tpe.ms, lines };
}
