import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `npm run build` and production (`node --conditions=rectune-compiled`) only see a package that has a build
 * project and a compiled export: a package added without them typechecks, tests and even builds, yet the
 * compiled apps fail to start (Node cannot load its `.ts`). These checks keep every package buildable.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;
const folders = (parent: string) =>
  readdirSync(join(ROOT, parent), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, parent, d.name, "package.json")))
    .map((d) => `${parent}/${d.name}`);
const packages = folders("packages");
const buildProjects = [...packages, ...folders("apps").filter((a) => a !== "apps/dashboard")];
const names = new Map(packages.map((p) => [String(readJson(`${p}/package.json`).name), p]));

/** The rectune packages a project's sources import (tests excluded), as folders. */
function importedPackages(project: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
        for (const m of readFileSync(join(ROOT, path), "utf8").matchAll(/(?:from|import\()\s*"(@rectune\/[a-z-]+)/g))
          found.add(m[1]!);
      }
    }
  };
  walk(`${project}/src`);
  const self = String(readJson(`${project}/package.json`).name);
  return [...found]
    .filter((n) => n !== self)
    .map((n) => names.get(n))
    .filter((p): p is string => p !== undefined)
    .sort();
}

const referencesOf = (project: string) =>
  ((readJson(`${project}/tsconfig.build.json`).references ?? []) as { path: string }[])
    .map((r) => relative(ROOT, normalize(join(ROOT, project, dirname(r.path)))))
    .sort();

describe("the build configuration", () => {
  it("gives every package a compiled export next to its source export", () => {
    const missing = packages.flatMap((p) =>
      Object.entries((readJson(`${p}/package.json`).exports ?? {}) as Record<string, unknown>)
        .filter(([, target]) => typeof target === "string" && target.startsWith("./src/"))
        .map(([subpath]) => `${p} ${subpath}`),
    );
    expect(missing).toEqual([]);
  });

  it("builds every package and app, each referencing exactly the packages it imports", () => {
    const root = ((readJson("tsconfig.build.json").references ?? []) as { path: string }[]).map((r) => dirname(r.path));
    expect(buildProjects.filter((p) => !root.includes(p))).toEqual([]);
    for (const project of buildProjects)
      expect([project, referencesOf(project)]).toEqual([project, importedPackages(project)]);
  });
});
