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

/**
 * CPU seconds used by each named group of processes between `start()` and `stop()`. The groups are
 * listed again at the stop, and a process first seen then counts from 0: PostgreSQL forks one backend
 * per connection, and pools open most of theirs during the run. (A process that ends before the stop
 * is not counted: keep connections open across the measured run.)
 */
export class CpuMeter {
  private before = new Map<number, number>();

  constructor(private readonly groups: () => Promise<Record<string, readonly number[]>>) {}

  async start(): Promise<void> {
    this.before = new Map();
    for (const pids of Object.values(await this.groups()))
      for (const pid of pids) this.before.set(pid, cpuSecondsOf(pid));
  }

  async stop(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, pids] of Object.entries(await this.groups())) {
      out[name] = [...new Set(pids)].reduce((sum, pid) => sum + cpuSecondsOf(pid) - (this.before.get(pid) ?? 0), 0);
    }
    return out;
  }
}
