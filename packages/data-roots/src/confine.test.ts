import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confineDataset, confineToDataRoots, DataRootError } from "./confine.js";

describe("confineToDataRoots", () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), "rectune-confine-"));
    root = join(base, "root");
    await mkdir(join(root, "ml"), { recursive: true });
    await writeFile(join(root, "ml", "ratings.csv"), "userId,movieId\n");
    await writeFile(join(base, "outside.csv"), "secret\n");
    await symlink(join(base, "outside.csv"), join(root, "escape.csv"));
    await symlink(join(root, "ml"), join(base, "link-into-root"));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it("returns the real path of a file under a root, also reached through a link into the root", async () => {
    expect(await confineToDataRoots("ml/ratings.csv", [root], "f", root)).toBe(join(root, "ml", "ratings.csv"));
    expect(await confineToDataRoots(join(base, "link-into-root", "ratings.csv"), [root], "f")).toBe(
      join(root, "ml", "ratings.csv"),
    );
  });

  it("refuses `..`, links out of the root, missing files and prefix look-alikes, naming the field and the roots", async () => {
    for (const path of [
      join(root, "..", "outside.csv"),
      join(root, "escape.csv"),
      join(root, "missing.csv"),
      `${root}-other/x.csv`,
      "/etc/passwd",
    ]) {
      const error = await confineToDataRoots(path, [root], "target.dataset.path").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataRootError);
      expect((error as DataRootError).field).toBe("target.dataset.path");
      expect((error as Error).message).toContain(root);
    }
  });

  it("confines every file of a dataset and leaves synthetic data alone", async () => {
    const synthetic = { synthetic: { users: 2, items: 2, interactionsPerUser: 1, seed: 1 } } as const;
    expect(await confineDataset(synthetic as never, [])).toBe(synthetic);
    const error = await confineDataset(
      {
        path: join(root, "ml", "ratings.csv"),
        format: "ml-latest",
        users: { path: join(root, "escape.csv"), id: 0, features: [1], delimiter: ",", header: true, separator: "|" },
      },
      [root],
    ).catch((e: unknown) => e);
    expect((error as DataRootError).field).toBe("target.dataset.users.path");
  });
});
