/**
 * A cache of our samplers' traces under bench-results/ (gitignored), keyed by a hash of this package's
 * code (any change to a sampler re-runs it; comments do not count), the sampler's key and options, the problem's fingerprint,
 * seed and trials. Tuning iterations then re-run only what they changed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
    });
}

/** Source text without block comments and whole-line comments: editing a comment re-runs nothing. */
export const codeOnly = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

/** A short hash of packages/search/src's code (tests and comments excluded). */
export function sourceHash(): string {
  const h = createHash("sha1");
  for (const file of sourceFiles(SRC)) h.update(file.slice(SRC.length)).update(codeOnly(readFileSync(file, "utf8")));
  return h.digest("hex").slice(0, 10);
}

export async function cached<T>(path: string, compute: () => T): Promise<T> {
  if (existsSync(path)) return JSON.parse(await readFile(path, "utf8")) as T;
  const value = compute();
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, JSON.stringify(value));
  return value;
}
