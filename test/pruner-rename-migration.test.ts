import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";
import { TestSql } from "./helpers/sql.js";

const MIGRATION = fileURLToPath(
  new URL("../prisma/migrations/20261206100000_pruner_rename/migration.sql", import.meta.url),
);

describe("the pruner rename migration", () => {
  let sql: TestSql;

  beforeAll(async () => {
    sql = new TestSql(await createTestDatabase());
  });

  afterAll(async () => {
    await sql?.close();
  });

  it("moves rows written under the old name (strategy.scheduler, schedulerConfig, kind scheduler) to pruner", async () => {
    const asha = { name: "asha", minResource: 1, maxResource: 27, reductionFactor: 3 };
    const oldSpec = { name: "old", strategy: { maxTrials: 4, scheduler: { name: "auto" } } };
    const newSpec = { name: "new", strategy: { maxTrials: 4, pruner: { name: "median" } } };
    const { id: oldStudy } = await sql.one<{ id: number }>(
      `INSERT INTO studies (name, spec, directions, updated_at) VALUES ('old', $1, '{minimize}', now()) RETURNING id`,
      [oldSpec],
    );
    const { id: newStudy } = await sql.one<{ id: number }>(
      `INSERT INTO studies (name, spec, directions, updated_at) VALUES ('new', $1, '{minimize}', now()) RETURNING id`,
      [newSpec],
    );
    await sql.rows(`INSERT INTO trials (study_id, number, params, strategy, "values") VALUES ($1, 0, '{}', $2, '{}')`, [
      oldStudy,
      { sampler: "auto:gp", scheduler: "asha", schedulerConfig: asha, schedulerBasis: "correlations" },
    ]);
    await sql.rows(`INSERT INTO trials (study_id, number, params, strategy, "values") VALUES ($1, 0, '{}', $2, '{}')`, [
      newStudy,
      { sampler: "tpe", pruner: "median" },
    ]);
    await sql.rows(
      `INSERT INTO strategy_decisions (study_id, trial, kind, to_arm, reason, shares) VALUES ($1, 0, 'scheduler', 'none', 'r', '{}')`,
      [oldStudy],
    );

    // As `prisma migrate deploy` runs it: statement by statement.
    for (const statement of readFileSync(MIGRATION, "utf8")
      .split(";")
      .filter((s) => /\bUPDATE\b/.test(s)))
      await sql.rows(statement);

    const specs = await sql.rows<{ name: string; spec: { strategy: Record<string, unknown> } }>(
      `SELECT name, spec FROM studies WHERE id = ANY($1::int[]) ORDER BY id`,
      [[oldStudy, newStudy]],
    );
    expect(specs.map((s) => s.spec.strategy)).toEqual([
      { maxTrials: 4, pruner: { name: "auto" } },
      { maxTrials: 4, pruner: { name: "median" } },
    ]);
    const strategies = await sql.rows<{ strategy: Record<string, unknown> }>(
      `SELECT strategy FROM trials WHERE study_id = ANY($1::int[]) ORDER BY study_id`,
      [[oldStudy, newStudy]],
    );
    expect(strategies.map((t) => t.strategy)).toEqual([
      { sampler: "auto:gp", pruner: "asha", prunerConfig: asha, prunerBasis: "correlations" },
      { sampler: "tpe", pruner: "median" },
    ]);
    const kinds = await sql.rows<{ kind: string }>(`SELECT kind FROM strategy_decisions WHERE study_id = $1`, [
      oldStudy,
    ]);
    expect(kinds).toEqual([{ kind: "pruner" }]);
  });
});
