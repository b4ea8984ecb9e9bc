import { constants } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { dataRootsOf } from "@rectune/config";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";

/**
 * `rectune data list | fetch <name> | add <file>`: the MovieLens releases rectune knows, downloaded and
 * checked; a file of one's own copied into a data root (the only folders studies may read).
 */
export function dataCommand({ env, say }: CliContext): Command {
  const data = new Command("data").description("recommender data sets");
  data
    .command("list")
    .description("the data sets `data fetch` knows")
    .action(async () => {
      // Loaded on demand: the recsys package pulls in TensorFlow.js, which the other commands do not need.
      const { DATASET_REGISTRY } = await import("@rectune/recsys");
      for (const [name, entry] of Object.entries(DATASET_REGISTRY)) say(`${name.padEnd(18)} ${entry.url}`);
    });
  data
    .command("fetch <name>")
    .description("download a MovieLens release from GroupLens, check its checksums and unpack it (needs internet)")
    .option("-d, --dir <dir>", "where to unpack it", ".rectune/datasets")
    .action(async (name: string, opts: { dir: string }) => {
      const { fetchDataset } = await import("@rectune/recsys");
      const fetched = await fetchDataset(name, join(opts.dir, name));
      say(`${name}: ${fetched.archiveSha256 ? "downloaded and verified" : "already present, checksums hold"}`);
      say(`use it as: dataset: { path: ${fetched.dataset.path}, format: ${fetched.dataset.format} }`);
    });
  data
    .command("add <file>")
    .description(
      "copy a data file into a data root (RECTUNE_DATA_ROOTS; default <data dir>/datasets), where studies may read it",
    )
    .option("--root <dir>", "which data root (default: <data dir>/datasets when it is one, else the first)")
    .option("--as <name>", "its name there (default: the file's own)")
    .action(async (file: string, opts: { root?: string; as?: string }) => {
      const roots = dataRootsOf(env);
      const own = resolve(env.RECTUNE_DATA_DIR, "datasets");
      const root = opts.root ? resolve(opts.root) : roots.includes(own) ? own : roots[0];
      if (!root || !roots.includes(root))
        throw new Error(`${opts.root ?? "(none)"} is not a data root; the roots are: ${roots.join(", ")}`);
      const name = opts.as ?? basename(file);
      if (name !== basename(name) || name === ".." || name === ".")
        throw new Error(`--as must be a file name, not a path: ${name}`);
      await mkdir(root, { recursive: true });
      const target = join(root, name);
      // COPYFILE_EXCL: an existing file of that name is never replaced (studies may be reading it).
      await copyFile(file, target, constants.COPYFILE_EXCL);
      say(`copied to ${target}`);
      say(`use it as: dataset: { path: ${target} }`);
    });
  return data;
}
