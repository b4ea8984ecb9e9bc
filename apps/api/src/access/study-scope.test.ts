import type { Principal } from "@rectune/access";
import { parseStudySpec } from "@rectune/spec";
import { createMemoryStore, NotFoundError } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { StudyAccess } from "./study-scope.js";

const keyOf = (projectId: number | null): Principal => ({ keyId: 1, prefix: "k", projectId, scopes: ["write"] });

describe("StudyAccess", () => {
  it("checks a study's project from memory after its first read, and hides other projects' studies", async () => {
    const memory = createMemoryStore();
    const project = await memory.createProject("p");
    const study = await memory.createStudy(
      parseStudySpec({
        name: "s",
        objective: { metric: "value", direction: "minimize" },
        target: { kind: "external" },
        space: { x: { type: "float", low: 0, high: 1 } },
        strategy: { maxTrials: 1 },
      }),
      { projectId: project.id },
    );
    let reads = 0;
    const access = new StudyAccess({ study: (id) => (reads++, memory.study(id)) });
    const read = await access.scope(keyOf(project.id), study.id);
    // The first request's row is the one its check read.
    expect((await read()).id).toBe(study.id);
    expect(reads).toBe(1);
    await access.check(keyOf(project.id), study.id);
    await access.check(keyOf(null), study.id);
    await expect(access.check(keyOf(project.id + 1), study.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(reads).toBe(1);
    // Later requests read the row only when the route asks for it, once.
    const later = await access.scope(keyOf(project.id), study.id);
    expect(reads).toBe(1);
    await Promise.all([later(), later()]);
    expect(reads).toBe(2);
    await expect(access.check(keyOf(null), 987_654)).rejects.toBeInstanceOf(NotFoundError);
  });
});
