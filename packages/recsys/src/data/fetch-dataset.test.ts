import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import type { DatasetEntry } from "./dataset-registry.js";
import { fetchDataset } from "./fetch-dataset.js";
import { loadDataset } from "./load-dataset.js";

const ratings = "1\t10\t4\t100\n2\t20\t5\t120\n";
const archive = zipSync({ "tiny/u.data": strToU8(ratings), "tiny/README": strToU8("tiny") });
const sha = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const registry: Record<string, DatasetEntry> = {
  tiny: {
    url: "https://example.test/tiny.zip",
    ratings: "tiny/u.data",
    format: "ml-100k",
    checksums: { "tiny/u.data": sha(ratings) },
  },
  corrupt: {
    url: "https://example.test/tiny.zip",
    ratings: "tiny/u.data",
    format: "ml-100k",
    checksums: { "tiny/u.data": "0".repeat(64) },
  },
};
const serve = (bytes: Uint8Array) => {
  const calls: string[] = [];
  const fetch = async (url: string) => (
    calls.push(url),
    { ok: true, status: 200, arrayBuffer: async () => bytes.slice().buffer }
  );
  return { fetch, calls };
};

describe("fetchDataset", () => {
  it("downloads, checks and unpacks an archive into a loadable data set, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recsys-fetch-"));
    const { fetch, calls } = serve(archive);
    const fetched = await fetchDataset("tiny", dir, { fetch, registry });
    expect(fetched.dataset).toEqual({ path: join(dir, "tiny/u.data"), format: "ml-100k" });
    expect(fetched.archiveSha256).toBe(sha(archive));
    expect(readFileSync(join(dir, "tiny/u.data"), "utf8")).toBe(ratings);
    const data = await loadDataset(fetched.dataset, { kCore: 0 });
    expect([data.numUsers, data.numItems]).toEqual([2, 2]);
    const again = await fetchDataset("tiny", dir, { fetch, registry });
    expect(again.archiveSha256).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it("rejects a checksum mismatch, a non-zip body, a failed download and an unknown name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recsys-fetch-"));
    await expect(fetchDataset("corrupt", dir, { fetch: serve(archive).fetch, registry })).rejects.toThrow(
      /checksum mismatch for tiny\/u.data/,
    );
    await expect(fetchDataset("tiny", dir, { fetch: serve(strToU8("<html>")).fetch, registry })).rejects.toThrow(
      /not a readable zip/,
    );
    const failing = async () => ({ ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) });
    await expect(fetchDataset("tiny", dir, { fetch: failing, registry })).rejects.toThrow(
      "downloading https://example.test/tiny.zip: HTTP 404",
    );
    await expect(fetchDataset("ml-25m", dir)).rejects.toThrow(
      'unknown dataset "ml-25m"; known: ml-100k, ml-1m, ml-latest-small',
    );
  });
});
