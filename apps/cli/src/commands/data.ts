import { join } from "node:path";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";

/** `rectune data list | fetch <name>`: the MovieLens releases rectune knows, downloaded and checked. */
export function dataCommand({ say }: CliContext): Command {
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
  return data;
}
