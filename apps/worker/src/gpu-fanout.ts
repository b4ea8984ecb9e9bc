import { spawn } from "node:child_process";

/**
 * The GPUs a GPU worker process runs trials on, as CUDA device ids: CUDA_VISIBLE_DEVICES' list (its first
 * `gpus` when `--gpus` says fewer), else 0..gpus-1.
 */
export function gpuDevices(cudaVisibleDevices: string | undefined, gpus: number | undefined): string[] {
  const listed = cudaVisibleDevices
    ?.split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "" && d !== "-1");
  if (listed) return listed.slice(0, gpus ?? listed.length);
  return Array.from({ length: gpus ?? 1 }, (_, i) => String(i));
}

/** Options each per-GPU child gets its own value of: dropped from the parent's arguments. */
const PER_CHILD = ["--concurrency", "-c", "--gpus", "--id"];

/** The parent's command line (script and options) less the per-child options, in both `--x v` and `--x=v` form. */
export function childArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (PER_CHILD.includes(arg)) i++;
    else if (!PER_CHILD.some((o) => arg.startsWith(`${o}=`))) out.push(arg);
  }
  return out;
}

/**
 * One worker process per GPU, each seeing only its device (CUDA_VISIBLE_DEVICES) and running one trial:
 * TensorFlow places a process's kernels on its first visible GPU and reserves memory on every visible one,
 * so trials on several GPUs need a process each. This process only supervises: it passes SIGTERM/SIGINT on
 * (each child hands its trial back) and exits when they all have, with the first non-zero status.
 */
export async function runOnePerGpu(
  devices: readonly string[],
  workerArgs: readonly string[],
  idPrefix: string,
  log: (msg: string) => void,
): Promise<number> {
  const children = devices.map((device, i) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        ...childArgs(workerArgs),
        "--concurrency",
        "1",
        "--gpus",
        "1",
        "--id",
        `${idPrefix}-gpu${i}`,
      ],
      { env: { ...process.env, CUDA_VISIBLE_DEVICES: device }, stdio: "inherit" },
    );
    log(`worker for GPU ${device} started (pid ${child.pid})`);
    return child;
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const)
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
    });
  const exited = children.map(
    (child) =>
      new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))),
  );
  const codes = await Promise.all(exited);
  return codes.find((c) => c !== 0) ?? 0;
}
