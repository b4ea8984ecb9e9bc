import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface TorchRun {
  available: boolean;
  reason?: string;
  /** Wall seconds per epoch, as the reference script reports them. */
  epochSeconds: number[];
  /** CPU seconds per epoch (all threads), measured around the script's per-epoch prints. */
  epochCpuSeconds: number[];
  version?: string;
}

const PYTHON = "/usr/bin/python3";

/**
 * Runs the reference script unchanged; a wrapper reports the process CPU time spent between its
 * per-epoch prints (each epoch's training), which stays comparable when other jobs load the machine.
 */
const WRAPPER = `
import builtins, json, runpy, sys, time
script = sys.argv[1]
sys.argv = sys.argv[1:]
last = [time.process_time()]
real_print = builtins.print
def print_with_cpu(*args, **kwargs):
    cpu = time.process_time() - last[0]
    real_print(*args, **kwargs)
    real_print(json.dumps({"cpu_seconds": cpu}), flush=True)
    last[0] = time.process_time()
builtins.print = print_with_cpu
runpy.run_path(script, run_name="__main__")
`;

/** Runs the reference PyTorch script (Debian's python3-torch) and collects its per-epoch seconds. */
export function runTorchReference(
  script: string,
  ratings: string,
  model: string,
  epochs: number,
  threads: number,
): TorchRun {
  const none = { epochSeconds: [], epochCpuSeconds: [] };
  if (!existsSync(script)) return { available: false, reason: `${script} not found`, ...none };
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0)
    return { available: false, reason: "PyTorch not installed (apt-get install -y python3-torch)", ...none };
  const args = [
    "-c",
    WRAPPER,
    script,
    ratings,
    "--model",
    model,
    "--epochs",
    String(epochs),
    "--threads",
    String(threads),
  ];
  const rows = execFileSync(PYTHON, args, { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { seconds?: number; impl?: string; cpu_seconds?: number });
  return {
    available: true,
    epochSeconds: rows.filter((r) => r.seconds !== undefined).map((r) => r.seconds!),
    epochCpuSeconds: rows.filter((r) => r.cpu_seconds !== undefined).map((r) => r.cpu_seconds!),
    version: rows[0]?.impl,
  };
}
