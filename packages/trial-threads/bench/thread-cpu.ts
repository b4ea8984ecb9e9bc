import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds of each thread of this process by thread id (Linux /proc); empty elsewhere. */
function threadCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/**
 * Starts counting; the returned function gives the CPU seconds of the process's `n` busiest threads over the
 * span (the trial threads, when `n` trials ran) and of all its threads, or null where /proc is unavailable.
 * Their ratio is how far trials spread beyond their own threads (the main thread, V8's helpers), in CPU
 * time: unlike CPU time over wall time it does not change with what else runs on the machine.
 */
export function threadCpuSpan(): (n: number) => { busiest: number; all: number } | null {
  const before = threadCpuSeconds();
  return (n) => {
    const after = threadCpuSeconds();
    if (after.size === 0) return null;
    const spent = [...after].map(([tid, s]) => s - (before.get(tid) ?? 0)).sort((a, b) => b - a);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return { busiest: sum(spent.slice(0, n)), all: sum(spent) };
  };
}
