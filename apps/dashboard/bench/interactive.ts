/**
 * npm run bench:dashboard — how fast a big study's page is usable, and how fast a commit reaches it.
 * Seeds a 10,000-trial recommender study (27 epochs each: 270,000 intermediate values) in a database of
 * its own, starts the API (apps/api) with this checkout's dashboard built, and drives Debian's Chromium
 * with playwright-core (fresh browser context, empty cache, each run):
 * - interactive: from navigation start until the leaderboard shows its first rows and answers a sort click
 *   (goal 1,500 ms, the issue's);
 * - the time each chart tab takes to draw after its click (history: 10,000 points);
 * - live: from a trial's commit (the store's finish resolving) until its row is in the page (goal 1,000 ms).
 * Prints both sides of each goal and their ratio; the last line is one JSON object.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { createPostgresStore, migrateDatabase } from "@rectune/store";
import { chromium, type Page } from "playwright-core";
import { completeOneTrial, seedStudy } from "../../../test/helpers/seed-study.js";
import { TestSql } from "../../../test/helpers/sql.js";

const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "10000" },
    steps: { type: "string", default: "27" },
    runs: { type: "string", default: "5" },
    live: { type: "string", default: "10" },
    admin: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const TRIALS = Number(args.trials);
const STEPS = Number(args.steps);
const RUNS = Number(args.runs);
const LIVE = Number(args.live);
const GOAL_INTERACTIVE_MS = 1500;
const GOAL_LIVE_MS = 1000;
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const log = (line: string) => console.log(line);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const database = `rectune_bench_dashboard_${Date.now().toString(36)}`;
const databaseUrl = String(args.admin).replace(/\/[^/]*$/, `/${database}`);
const distDir = await mkdtemp(join(tmpdir(), "rectune-dashboard-bench-"));
log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (2 cores shared: figures taken under load say so)`,
);
log("building the dashboard ...");
await promisify(execFile)("npx", ["vite", "build", "--outDir", distDir, "--emptyOutDir", "--logLevel", "error"], {
  cwd: join(ROOT, "apps/dashboard"),
});
await migrateDatabase(databaseUrl);
const store = createPostgresStore(databaseUrl, { poolSize: 4 });
const sql = new TestSql(databaseUrl);
let seedMs = Date.now();
const study = await seedStudy(store, sql, { name: "mf-10k", trials: TRIALS, steps: STEPS, room: LIVE, seed: 5 });
seedMs = Date.now() - seedMs;
await sql.rows("ANALYZE");
log(`seeded study ${study.id}: ${TRIALS} trials x ${STEPS} steps in ${(seedMs / 1000).toFixed(1)} s`);

const api = spawn(process.execPath, ["--import", "tsx", "apps/api/src/main.ts"], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    RECTUNE_API_PORT: "0",
    RECTUNE_DASHBOARD_DIR: distDir,
    RECTUNE_LOG_LEVEL: "info",
    // On 127.0.0.1 without keys: the bench measures the pages, and any key signs in.
    RECTUNE_AUTH: "off",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const apiUrl = await new Promise<string>((resolve, reject) => {
  let buffer = "";
  api.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const line = buffer.split("\n").find((l) => l.includes('"api listening"'));
    if (line) resolve(`http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`);
  });
  api.once("exit", (code) => reject(new Error(`the API exited (${code})`)));
});

const browser = await chromium.launch({
  executablePath: args.chromium,
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const now = (page: Page) => page.evaluate(() => performance.now());
const newPage = async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Strings, not functions, for code that runs in the page: this file is type-checked for Node.
  await context.addInitScript('localStorage.setItem("rectune.apiKey", "bench-key")');
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
};

try {
  const figures = {
    rows: [] as number[],
    interactive: [] as number[],
    history: [] as number[],
    curves: [] as number[],
    importance: [] as number[],
    parallel: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    const page = await newPage();
    await page.goto(`${apiUrl}/studies/${study.id}`);
    const table = page.getByRole("region", { name: "Leaderboard" }).getByRole("table");
    await table.getByRole("row").nth(1).waitFor();
    figures.rows.push(await now(page));
    await table.getByRole("button", { name: /^lr/ }).click();
    await table.getByRole("columnheader", { name: /^lr/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
    figures.interactive.push(await now(page));
    for (const [tab, label, into] of [
      ["History", /Optimization history/, figures.history],
      ["Parallel coordinates", /Parallel coordinates/, figures.parallel],
      ["Importance", /Hyperparameter importance/, figures.importance],
      ["Learning curves", /Learning curves/, figures.curves],
    ] as const) {
      const start = await now(page);
      await page.getByRole("tab", { name: tab }).click();
      await page.getByRole("img", { name: label }).and(page.locator('[aria-busy="false"]')).waitFor();
      // Drawn: the chart's canvas has painted (two animation frames after setOption).
      await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
      into.push((await now(page)) - start);
    }
    log(
      `run ${run + 1}: rows ${figures.rows.at(-1)!.toFixed(0)} ms, interactive ${figures.interactive.at(-1)!.toFixed(0)} ms; ` +
        `history ${figures.history.at(-1)!.toFixed(0)}, parallel ${figures.parallel.at(-1)!.toFixed(0)}, importance ${figures.importance.at(-1)!.toFixed(0)}, curves ${figures.curves.at(-1)!.toFixed(0)} ms after the click`,
    );
    await page.context().close();
  }

  // Live: each new trial is the study's best, so it appears on top of the leaderboard's first page.
  const page = await newPage();
  await page.goto(`${apiUrl}/studies/${study.id}`);
  const table = page.getByRole("region", { name: "Leaderboard" }).getByRole("table");
  await table.getByRole("row").nth(1).waitFor();
  const latencies: number[] = [];
  for (let i = 0; i < LIVE; i++) {
    const number = (await store.study(study.id)).trialCount;
    // A string, not a function: tsx's helpers (keepNames) do not exist in the page.
    const seen = page.evaluate(`new Promise((resolve) => {
      const text = ${JSON.stringify(`trial ${number}`)};
      const observer = new MutationObserver(() => {
        if ([...document.querySelectorAll("a")].some((a) => a.textContent === text)) {
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    })`) as Promise<number>;
    seen.catch(() => {});
    await completeOneTrial(store, study.id, 1 + i);
    const committed = Date.now();
    latencies.push((await seen) - committed);
  }
  await page.context().close();

  const interactive = median(figures.interactive);
  const live = median(latencies);
  log(`\n10k-trial study page (median of ${RUNS} fresh loads):`);
  log(`  leaderboard rows shown   ${median(figures.rows).toFixed(0)} ms`);
  log(
    `  interactive (sort done)  ${interactive.toFixed(0)} ms  vs goal ${GOAL_INTERACTIVE_MS} ms  (${(interactive / GOAL_INTERACTIVE_MS).toFixed(2)}x of the goal)`,
  );
  log(
    `  history chart (10k pts)  ${median(figures.history).toFixed(0)} ms after its click (first run includes loading ECharts)`,
  );
  log(
    `  parallel coordinates     ${median(figures.parallel).toFixed(0)} ms; importance ${median(figures.importance).toFixed(0)} ms; learning curves ${median(figures.curves).toFixed(0)} ms`,
  );
  log(
    `live trial, commit -> row in the page (${LIVE} trials): median ${live.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms  vs goal ${GOAL_LIVE_MS} ms  (${(live / GOAL_LIVE_MS).toFixed(2)}x)`,
  );
  console.log(
    JSON.stringify({
      bench: "dashboard",
      trials: TRIALS,
      steps: STEPS,
      runs: RUNS,
      rowsMs: Math.round(median(figures.rows)),
      interactiveMs: Math.round(interactive),
      interactiveGoalMs: GOAL_INTERACTIVE_MS,
      interactiveRatio: Number((interactive / GOAL_INTERACTIVE_MS).toFixed(3)),
      historyMs: Math.round(median(figures.history)),
      parallelMs: Math.round(median(figures.parallel)),
      importanceMs: Math.round(median(figures.importance)),
      curvesMs: Math.round(median(figures.curves)),
      liveMedianMs: Math.round(live),
      liveMaxMs: Math.round(Math.max(...latencies)),
      liveGoalMs: GOAL_LIVE_MS,
      liveRatio: Number((live / GOAL_LIVE_MS).toFixed(3)),
      seedMs,
      loadavg: loadavg()[0],
    }),
  );
} finally {
  await browser.close();
  api.kill("SIGTERM");
  await store.close();
  await sql.close();
  await rm(distDir, { recursive: true, force: true });
  const admin = new TestSql(String(args.admin));
  await admin.rows(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.close();
}
