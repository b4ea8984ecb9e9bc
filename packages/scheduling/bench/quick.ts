import { execSync } from "node:child_process";
import { BenchCluster, sleepStudy } from "./bench-cluster.js";
import { CpuMeter } from "./cpu.js";
const [procs, conc, par, n] = process.argv.slice(2).map(Number);
const c = await BenchCluster.create();
try {
  const workers = await c.startWorkers(procs!, conc!);
  c.startScheduler();
  const dbName = new URL(c.databaseUrl).pathname.slice(1);
  const pgPids = () => (await0());
  function await0(): number[] {
    return execSync(`psql -h 127.0.0.1 -U postgres -At -c "select pid from pg_stat_activity where datname='${dbName}'"`).toString().trim().split("\n").map(Number);
  }
  const redisPid = Number(execSync("pgrep -x redis-server").toString().trim().split("\n")[0]);
  let pg = await0();
  const meter = new CpuMeter(() => ({ scheduler: [process.pid], workers: workers.map((w) => w.pid!), postgres: pg, redis: [redisPid] }));
  meter.start();
  const { wallMs } = await c.runStudy(sleepStudy({ sampler: "random", maxTrials: n!, parallelism: par!, durationMs: 0 }), 600_000);
  const cpu = meter.stop();
  console.log(`${n} trials in ${wallMs.toFixed(0)} ms: ${((n! * 1000) / wallMs).toFixed(1)} trials/s`);
  console.log(Object.entries(cpu).map(([k, v]) => `${k} ${((v * 1e3) / n!).toFixed(3)} ms/trial`).join(", "));
} finally {
  await c.close();
}
