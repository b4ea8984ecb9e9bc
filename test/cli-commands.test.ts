import { readFileSync } from "node:fs";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { askedTrialSchema, leaderboardSchema, studyListSchema, trialPageSchema } from "@rectune/api-contract";
import { RectuneClient } from "@rectune/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { TestCluster } from "./helpers/cluster.js";

const SPEC = {
  name: "cli-external",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target: { kind: "external", name: "cli" },
  space: { lr: { type: "float", low: 0.001, high: 0.1, log: true } },
  strategy: { sampler: "random", pruner: "none", maxTrials: 3 },
};

/** The CLI on @rectune/client against the API process: reads with --json, control, export, submit --watch. */
describe("rectune CLI commands", () => {
  let cluster: TestCluster;
  let base: string;
  let client: RectuneClient;
  let dir: string;

  /** Runs one external trial through ask/tell with `value` and its test metric and best epoch. */
  const runTrial = async (studyId: number, value: number) => {
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const trial = askedTrialSchema.parse(await (await post(`/v1/studies/${studyId}/trials:ask`, {})).json());
    await post(`/v1/trials/${trial.trial}/tell`, {
      attempt: trial.attempt,
      values: value,
      metrics: { "ndcg@10": value, "test/ndcg@10": value - 0.01, bestEpoch: 4, loss: 0.5 },
    });
  };

  beforeAll(async () => {
    cluster = await TestCluster.create();
    base = await cluster.startApi();
    cluster.startScheduler();
    client = new RectuneClient({ baseUrl: base });
    dir = await mkdtemp(join(tmpdir(), "rectune-cli-"));
  });

  afterAll(async () => {
    await cluster?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("submit --watch prints progress lines when not a terminal, then the leaderboard with best epoch and test metric", async () => {
    const file = join(dir, "external.json");
    await writeFile(file, JSON.stringify(SPEC));
    const watching = runCli(["submit", file, "--watch"], base);
    let studyId = 0;
    for (let i = 0; i < 200 && studyId === 0; i++) {
      const { studies } = await client.studies({ name: "cli-external" });
      studyId = studies[0]?.id ?? 0;
      if (!studyId) await new Promise((r) => setTimeout(r, 100));
    }
    for (const value of [0.2, 0.3, 0.25]) await runTrial(studyId, value);
    const { code, stdout, stderr } = await watching;
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(new RegExp(`study ${studyId} RUNNING: \\d/3 trials, \\d running, 0 failed`));
    expect(stdout).toContain(`study ${studyId} COMPLETED: 3/3 trials, 0 running, 0 failed, 0 pruned | best 0.30000`);
    const header = stdout.split("\n").find((l) => l.includes("ndcg@10 (max)"));
    expect(header?.split(/\s*[│|]\s*|\s{2,}/).filter(Boolean)).toEqual([
      "#",
      "trial",
      "ndcg@10 (max)",
      "bestEpoch",
      "test/ndcg@10",
      "params",
      "strategy",
      "time",
    ]);
  });

  it("reads as JSON, chooses leaderboard columns, exports CSV and JSON, stops, resumes and extends", async () => {
    const study = await client.submit({ ...SPEC, name: "cli-reads" });
    for (const value of [0.1, 0.4]) await runTrial(study.id, value);
    const [list, trials, board, columns, csv, json, version] = await Promise.all([
      runCli(["list", "--json", "--name", "cli-reads"], base),
      runCli(["trials", String(study.id), "--state", "COMPLETE", "--json"], base),
      runCli(["leaderboard", String(study.id), "--json"], base),
      runCli(["leaderboard", String(study.id), "--metrics", "loss"], base),
      runCli(["export", String(study.id), "--format", "csv"], base),
      runCli(["export", String(study.id), "--format", "json"], base),
      runCli(["--version"], base),
    ]);
    expect(studyListSchema.parse(JSON.parse(list.stdout)).studies.map((s) => s.id)).toEqual([study.id]);
    expect(trialPageSchema.parse(JSON.parse(trials.stdout)).trials.map((t) => t.values)).toEqual([[0.1], [0.4]]);
    expect(leaderboardSchema.parse(JSON.parse(board.stdout)).trials.map((t) => t.value)).toEqual([0.4, 0.1]);
    expect(columns.stdout).toMatch(/loss/);
    expect(columns.stdout).not.toMatch(/bestEpoch/);
    const [head, first] = csv.stdout.trim().split("\n");
    expect(head).toBe(
      "number,state,value,bestEpoch,lastStep,attempt,durationMs,param:lr,loss,ndcg@10,test/ndcg@10,error",
    );
    expect(first).toMatch(/^0,COMPLETE,0\.1,4,,1,\d+,[\d.e-]+,0\.5,0\.1,0\.09\d*,$/);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(2);
    const { version: expected } = JSON.parse(readFileSync("apps/cli/package.json", "utf8")) as { version: string };
    expect(version.stdout.trim()).toBe(expected);

    const stopped = await runCli(["stop", String(study.id)], base);
    expect(stopped.stdout.trim()).toBe(`study ${study.id} (cli-reads) STOPPED, budget 3 trials`);
    expect((await runCli(["stop", String(study.id)], base)).stderr).toContain(
      `study ${study.id} is STOPPED, not RUNNING`,
    );
    expect((await runCli(["resume", String(study.id)], base)).stdout).toContain("RUNNING, budget 3 trials");
    expect((await runCli(["budget", String(study.id), "5"], base)).stdout).toContain("RUNNING, budget 5 trials");
    expect((await client.study(study.id)).maxTrials).toBe(5);
  });
});
