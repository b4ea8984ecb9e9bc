import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, chromium, type ConsoleMessage, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor } from "./helpers/api-key.js";
import { TestCluster } from "./helpers/cluster.js";
import { completeOneTrial, seedStudy } from "./helpers/seed-study.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the pages' screenshots go (git-ignored): open them to see what the test saw. */
const SHOTS = join(ROOT, "test-results", "screenshots");
const TIMEOUT = 15_000;

/**
 * The dashboard in Debian's Chromium, driven by playwright-core, against a real API on a seeded
 * database: sign in, a finished study's leaderboard sorted, its charts, a trial, a trial committed while
 * the page is open, and a spec the API refuses. Controls are found by role and accessible name; the
 * browser's console must stay free of errors.
 */
describe("dashboard in a browser", () => {
  let cluster: TestCluster;
  let browser: Browser;
  let page: Page;
  let distDir: string;
  let running: { id: number };
  const consoleErrors: string[] = [];
  /** Console errors the test provokes on purpose: the 400 of the refused spec. */
  const expected: ((m: ConsoleMessage) => boolean)[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const chartDrawn = (label: RegExp) =>
    page.getByRole("img", { name: label }).and(page.locator('[aria-busy="false"]')).waitFor({ timeout: TIMEOUT });

  beforeAll(async () => {
    // The pages under test are built from this checkout, into a folder of the test's own.
    distDir = await mkdtemp(join(tmpdir(), "rectune-dashboard-"));
    await promisify(execFile)("npx", ["vite", "build", "--outDir", distDir, "--emptyOutDir", "--logLevel", "error"], {
      cwd: join(ROOT, "apps/dashboard"),
    });
    await mkdir(SHOTS, { recursive: true });
    cluster = await TestCluster.create({ RECTUNE_DASHBOARD_DIR: distDir, RECTUNE_AUTH: "keys" });
    await cluster.startApi();
    await seedStudy(cluster.store, cluster.sql, { name: "mf-movielens", trials: 60, steps: 9, seed: 3 });
    running = await seedStudy(cluster.store, cluster.sql, {
      name: "mf-running",
      trials: 5,
      steps: 9,
      room: 20,
      seed: 4,
    });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    page.on("console", (m) => {
      if (m.type() === "error" && !expected.some((e) => e(m))) consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.close();
    await rm(distDir, { recursive: true, force: true });
  });

  it("asks for a key, then lists the studies", async () => {
    await page.goto(cluster.apiUrl);
    await page.getByLabel("API key").fill(await apiKeyFor(cluster.apiUrl));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Studies" }).waitFor();
    await page.getByRole("link", { name: "mf-movielens" }).waitFor();
    await expect(
      page.getByRole("progressbar", { name: "Progress of mf-movielens" }).getAttribute("aria-valuenow"),
    ).resolves.toBe("60");
    await shot("studies");
  });

  it("opens a finished study and sorts its leaderboard by any column", async () => {
    await page.getByRole("link", { name: "mf-movielens" }).click();
    await page.getByRole("heading", { name: /mf-movielens/ }).waitFor();
    const table = page.getByRole("region", { name: "Leaderboard" }).getByRole("table");
    await table.getByRole("row").nth(1).waitFor();
    const column = async (name: string) => {
      const headers = await table.getByRole("columnheader").allInnerTexts();
      const index = headers.findIndex((h) => h.startsWith(name));
      const rows = await table.getByRole("row").all();
      return Promise.all(rows.slice(1).map(async (r) => (await r.getByRole("cell").nth(index).innerText()).trim()));
    };
    const values = (await column("ndcg@10")).map(Number);
    // Ranked best first (maximize), completed trials only.
    expect(values.length).toBeGreaterThan(30);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await shot("study-leaderboard");
    // Sort by a parameter: ascending, then descending.
    await table.getByRole("button", { name: /^lr/ }).click();
    await expect(table.getByRole("columnheader", { name: /^lr/ }).getAttribute("aria-sort")).resolves.toBe("ascending");
    const lrs = (await column("lr")).map(Number);
    expect(lrs).toEqual([...lrs].sort((a, b) => a - b));
    await table.getByRole("button", { name: /^lr/ }).click();
    const lrsDown = (await column("lr")).map(Number);
    expect(lrsDown).toEqual([...lrsDown].sort((a, b) => b - a));
    // Test metrics are a column away.
    await page.getByText(/^Columns/).click();
    await page.getByRole("checkbox", { name: "test/recall@20" }).check();
    await table.getByRole("columnheader", { name: /test\/recall@20/ }).waitFor();

    for (const [tab, label] of [
      ["History", /Optimization history/],
      ["Parallel coordinates", /Parallel coordinates/],
      ["Learning curves", /Learning curves/],
      ["Strategy", /share of the trials/],
    ] as const) {
      await page.getByRole("tab", { name: tab }).click();
      await chartDrawn(label);
      await shot(`study-${tab.toLowerCase().replace(/ /g, "-")}`);
    }
    await expect(page.getByRole("list", { name: "Strategy decisions" }).getByRole("listitem").count()).resolves.toBe(2);
    // Importance, computed by the API: the seeded objective depends mostly on the learning rate.
    await page.getByRole("tab", { name: "Importance" }).click();
    await chartDrawn(/Hyperparameter importance/);
    const first = page.getByRole("table", { name: "Hyperparameter importance" }).getByRole("row").nth(1);
    await expect(first.getByRole("cell").first().innerText()).resolves.toBe("lr");
    await shot("study-importance");
  });

  it("opens a trial with its parameters, validation and test metrics, curve and worker", async () => {
    await page.getByRole("tab", { name: "Leaderboard" }).click();
    const link = page.getByRole("region", { name: "Leaderboard" }).getByRole("link").first();
    const name = await link.innerText();
    await link.click();
    await page.getByRole("heading", { name: new RegExp(`^${name.replace("trial", "Trial")}`) }).waitFor();
    await page.getByRole("table", { name: "Test metrics" }).getByRole("rowheader", { name: "test/ndcg@10" }).waitFor();
    await page
      .getByRole("table", { name: "Validation metrics" })
      .getByRole("rowheader", { name: "recall@20" })
      .waitFor();
    await page.getByRole("region", { name: "Worker" }).getByText("gpu-node-1").waitFor();
    await chartDrawn(/Intermediate values of trial/);
    await shot("trial");
  });

  it("shows a trial committed while the study page is open, without a reload", async () => {
    await page.goto(`${cluster.apiUrl}/studies/${running.id}`);
    const table = page.getByRole("region", { name: "Leaderboard" }).getByRole("table");
    await table.getByRole("row").nth(1).waitFor();
    const created = await completeOneTrial(cluster.store, running.id, 0.5);
    // The best value of the study: it appears on top of the leaderboard, pushed by the event stream.
    await table
      .getByRole("row")
      .nth(1)
      .getByRole("link", { name: `trial ${created.number}` })
      .waitFor();
    await page.getByRole("progressbar", { name: "Study progress" }).and(page.locator('[aria-valuenow="6"]')).waitFor();
    await shot("study-live");
  });

  it("shows the API's field error next to the line of a bad spec", async () => {
    await page.getByRole("link", { name: "Studies" }).click();
    await page.getByRole("button", { name: "New study" }).click();
    const bad = [
      "name: broken",
      "objective: { metric: value, direction: minimize }",
      "target: { kind: function, name: branin }",
      "space:",
      "  x0: { type: float, low: 10, high: -5 }",
      "  x1: { type: float, low: 0, high: 15 }",
      "strategy: { maxTrials: 10 }",
    ].join("\n");
    await page.getByRole("textbox", { name: "Study spec" }).fill(bad);
    expected.push((m) => m.text().includes("400") && m.location().url.endsWith("/v1/studies"));
    await page.getByRole("button", { name: "Create study" }).click();
    const error = page.getByRole("list", { name: "Spec errors" }).getByRole("alert").first();
    await error.waitFor();
    await expect(error.innerText()).resolves.toMatch(/line 5\s+space\.x0\.low: low \(10\) must be < high \(-5\)/);
    await shot("new-study-error");
    await page.getByRole("link", { name: "Workers" }).click();
    await page
      .getByRole("cell", { name: /gpu-node-1/ })
      .first()
      .waitFor();
    await shot("workers");
  });

  it("logged no console error", () => {
    expect(consoleErrors).toEqual([]);
  });
});
