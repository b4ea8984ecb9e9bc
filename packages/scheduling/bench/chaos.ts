/**
 * `npm run chaos`: real processes (scheduler, workers) against their own PostgreSQL (CHAOS_PG_PORT, default
 * 5433) and Redis (CHAOS_REDIS_PORT, default 6380), one fresh database and key prefix per scenario, faults
 * injected while a study runs, then checks in PostgreSQL. CHAOS_ONLY=a,b runs only the named scenarios.
 * Last line: one JSON object with the totals, the SIGKILL storm's and the undisturbed run's wall times.
 */
import { loadavg } from "node:os";
import { chaosConfig } from "./chaos/chaos-cluster.js";
import { runScenario, type ScenarioResult, scenarios } from "./chaos/scenarios.js";

const only = process.env.CHAOS_ONLY?.split(",").filter(Boolean);
const chosen = scenarios().filter((s) => !only || only.includes(s.name));
const results: ScenarioResult[] = [];
for (const scenario of chosen) {
  const result = await runScenario(scenario);
  results.push(result);
  console.log(JSON.stringify({ ...result, load: loadavg()[0]?.toFixed(2) }));
}
const sum = (key: "lost" | "duplicated" | "infraFailed" | "stuck") => results.reduce((n, r) => n + r[key], 0);
const wall = (name: string) => results.find((r) => r.name === name)?.wallS ?? null;
const storm = wall("sigkill-storm");
const calm = wall("undisturbed");
console.log(
  JSON.stringify({
    scenarios: results.length,
    lost: sum("lost"),
    duplicated: sum("duplicated"),
    infra_failed: sum("infraFailed"),
    stuck: sum("stuck"),
    max_stall_s: Math.max(0, ...results.map((r) => r.maxStallS)),
    storm_wall_s: storm,
    undisturbed_wall_s: calm,
    storm_ratio: storm !== null && calm ? Math.round((storm / calm) * 100) / 100 : null,
    apps: chaosConfig.compiled ? "compiled" : "tsx",
    load_average: loadavg().map((l) => Number(l.toFixed(2))),
  }),
);
process.exit(0);
