import { expect, it } from "vitest";
import type { NewApiKey } from "../contract/access-control.js";
import { ConflictError, IdempotencyConflictError, NotFoundError } from "../contract/errors.js";
import type { Store } from "../contract/store.js";
import { DEFAULT_PROJECT_ID } from "../contract/study-control.js";
import { completeTrials, contractSpec } from "./fixtures.js";

const newKey = (prefix: string, projectId: number | null, scopes: NewApiKey["scopes"] = ["read"]): NewApiKey => ({
  name: `key ${prefix}`,
  prefix,
  hash: `hash-of-${prefix}`,
  projectId,
  scopes,
});

/** AccessControl: projects, API keys, and the studies each project sees. */
export function accessContract(store: () => Store): void {
  it("has a default project where studies that name none go; project names are unique", async () => {
    const projects = await store().projects();
    expect(projects[0]).toMatchObject({ id: DEFAULT_PROJECT_ID, name: "default" });
    expect((await store().createStudy(contractSpec())).projectId).toBe(DEFAULT_PROJECT_ID);
    const team = await store().createProject("access-team");
    expect(await store().project("access-team")).toEqual(team);
    await expect(store().createProject("access-team")).rejects.toBeInstanceOf(ConflictError);
    await expect(store().project("no-such-project")).rejects.toBeInstanceOf(NotFoundError);
    expect((await store().projects()).map((p) => p.name)).toContain("access-team");
  });

  it("lists only a project's studies when asked for one project", async () => {
    const a = await store().createProject("access-list-a");
    const b = await store().createProject("access-list-b");
    const inA = await store().createStudy(contractSpec({ name: "in a" }), { projectId: a.id });
    const inB = await store().createStudy(contractSpec({ name: "in b" }), { projectId: b.id });
    expect([inA.projectId, inA.projectName]).toEqual([a.id, "access-list-a"]);
    expect((await store().study(inB.id)).projectId).toBe(b.id);
    expect((await store().studies({ limit: 100, projectId: a.id })).map((s) => s.id)).toEqual([inA.id]);
    const all = (await store().studies({ limit: 1000 })).map((s) => s.id);
    expect(all).toEqual(expect.arrayContaining([inA.id, inB.id]));
    await expect(store().createStudy(contractSpec(), { projectId: 987_654 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps keys by prefix with their hash, lists them without it, records use and revocation", async () => {
    const team = await store().createProject("access-keys");
    const created = await store().createApiKey(newKey("rtk_team0001", team.id, ["read", "write"]));
    expect(created).toMatchObject({
      prefix: "rtk_team0001",
      projectId: team.id,
      projectName: "access-keys",
      scopes: ["read", "write"],
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created).not.toHaveProperty("hash");
    const admin = await store().createApiKey(newKey("rtk_admin001", null, ["admin"]));
    expect([admin.projectId, admin.projectName]).toEqual([null, null]);
    await expect(store().createApiKey(newKey("rtk_team0001", team.id))).rejects.toBeInstanceOf(ConflictError);
    await expect(store().createApiKey(newKey("rtk_nowhere1", 987_654))).rejects.toBeInstanceOf(NotFoundError);

    expect((await store().apiKeyByPrefix("rtk_team0001"))?.hash).toBe("hash-of-rtk_team0001");
    expect(await store().apiKeyByPrefix("rtk_unknown1")).toBeUndefined();
    const listed = await store().apiKeys();
    expect(listed.map((k) => k.prefix)).toEqual(expect.arrayContaining(["rtk_team0001", "rtk_admin001"]));
    expect(listed.every((k) => !("hash" in k))).toBe(true);

    await store().apiKeyUsed(created.id);
    expect((await store().apiKeyByPrefix("rtk_team0001"))?.lastUsedAt).toBeInstanceOf(Date);
    const revoked = await store().revokeApiKey("rtk_team0001");
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await store().apiKeyByPrefix("rtk_team0001"))?.revokedAt).toEqual(revoked.revokedAt);
    // Revoking twice keeps the first time.
    expect((await store().revokeApiKey("rtk_team0001")).revokedAt).toEqual(revoked.revokedAt);
    await expect(store().revokeApiKey("rtk_unknown1")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("warm-starts only from studies of the same project", async () => {
    const other = await store().createProject("access-warm-other");
    // A finished study of the same target and data in each of two projects.
    const finished: number[] = [];
    for (const projectId of [DEFAULT_PROJECT_ID, other.id]) {
      const study = await store().createStudy(contractSpec(), { projectId });
      const trials = await store().createTrials(study.id, [{ params: { x: 0.5 }, strategy: { sampler: "random" } }]);
      await completeTrials(
        store(),
        trials.map((t) => t.id),
      );
      await store().finishStudy(study.id, "COMPLETED");
      finished.push(study.id);
    }
    const fresh = await store().createStudy(contractSpec(), { projectId: other.id });
    const past = await store().warmStartTrials(fresh.id, fresh.spec, "auto", 10);
    expect(past.length).toBeGreaterThan(0);
    for (const t of past) expect((await store().study(t.studyId)).projectId).toBe(other.id);
    // Named explicitly, another project's study is still not read.
    const explicit = await store().warmStartTrials(fresh.id, fresh.spec, finished, 10);
    expect(explicit.map((t) => t.studyId)).toEqual([finished[1]]);
  });

  it("creates one study per Idempotency-Key and project; the key with another body is IdempotencyConflictError", async () => {
    const team = await store().createProject("access-idempotent");
    const once = { projectId: team.id, idempotency: { key: "submit-1", bodyHash: "h1" } };
    const first = await store().createStudy(contractSpec({ name: "once" }), once);
    const again = await store().createStudy(contractSpec({ name: "once" }), once);
    expect(again.id).toBe(first.id);
    await expect(
      store().createStudy(contractSpec({ name: "other" }), {
        ...once,
        idempotency: { key: "submit-1", bodyHash: "h2" },
      }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
    // The same key in another project is another submission.
    const elsewhere = await store().createStudy(contractSpec({ name: "once" }), {
      ...once,
      projectId: DEFAULT_PROJECT_ID,
    });
    expect(elsewhere.id).not.toBe(first.id);
    // Racing repeats make one study.
    const raced = await Promise.all(
      [1, 2, 3].map(() =>
        store().createStudy(contractSpec({ name: "raced" }), {
          projectId: team.id,
          idempotency: { key: "submit-2", bodyHash: "h" },
        }),
      ),
    );
    expect(new Set(raced.map((s) => s.id)).size).toBe(1);
    expect((await store().studies({ limit: 100, projectId: team.id })).map((s) => s.name).sort()).toEqual([
      "once",
      "raced",
    ]);
  });
}
