#!/usr/bin/env node
// Runs the compiled program (`npm run build`) with plain node, resolving every @rectune package to its
// compiled output (the `rectune-compiled` export condition); in a checkout that was never built, it runs the
// TypeScript sources through tsx instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const source = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const args = existsSync(compiled) ? ["--conditions=rectune-compiled", compiled] : ["--import", "tsx", source];
const result = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
