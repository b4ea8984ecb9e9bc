import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface TorchRun {
  available: boolean;
  reason?: string;
  epochSeconds: number[];
  version?: string;
}

const PYTHON = "/usr/bin/python3";

/** Runs the reference PyTorch script (Debian's python3-torch) and collects its per-epoch seconds. */
export function runTorchReference(script: string, ratings: string, model: string, epochs: number, threads: number): TorchRun {
  if (!existsSync(script)) return { available: false, reason: `${script} not found`, epochSeconds: [] };
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return { available: false, reason: "PyTorch not installed (apt-get install -y python3-torch)", epochSeconds: [] };
  const out = execFileSync(PYTHON, [script, ratings, "--model", model, "--epochs", String(epochs), "--threads", String(threads)], { encoding: "utf8" });
  const rows = out.trim().split("\n").map((l) => JSON.parse(l) as { seconds: number; impl: string });
  return { available: true, epochSeconds: rows.map((r) => r.seconds), version: rows[0]?.impl };
}
