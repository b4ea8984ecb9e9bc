import { readFileSync } from "node:fs";

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds used by each named group of processes between `start()` and `stop()`. */
export class CpuMeter {
  private before = new Map<string, number>();

  constructor(private readonly groups: () => Record<string, readonly number[]>) {}

  private read(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, pids] of Object.entries(this.groups())) out.set(name, pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0));
    return out;
  }

  start(): void {
    this.before = this.read();
  }

  stop(): Record<string, number> {
    const after = this.read();
    const out: Record<string, number> = {};
    for (const [name, value] of after) out[name] = value - (this.before.get(name) ?? 0);
    return out;
  }
}
