import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { DatasetConfig } from "@rectune/spec";

/** A data file outside the data roots (or not there at all): refused before a byte of it is read. */
export class DataRootError extends Error {
  override readonly name = "DataRootError";
  constructor(
    /** The spec field that named the file, e.g. `target.dataset.path`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
};

const realOrUndefined = (path: string): Promise<string | undefined> => realpath(path).catch(() => undefined);

/**
 * The real path of `path` (relative paths from `cwd`), if it lies under one of `roots` once every `..`
 * and symbolic link of both is resolved; otherwise a DataRootError naming the roots. A file that does not
 * exist is refused the same way, without saying whether it exists outside the roots.
 */
export async function confineToDataRoots(
  path: string,
  roots: readonly string[],
  field: string,
  cwd: string = process.cwd(),
): Promise<string> {
  const real = await realOrUndefined(resolve(cwd, path));
  const realRoots = (await Promise.all(roots.map((r) => realOrUndefined(resolve(cwd, r))))).filter(
    (r): r is string => r !== undefined,
  );
  if (real !== undefined && realRoots.some((root) => inside(root, real))) return real;
  const named = roots.length > 0 ? roots.join(", ") : "(none configured)";
  throw new DataRootError(
    field,
    real === undefined
      ? `no such data file under the data roots (RECTUNE_DATA_ROOTS: ${named})`
      : `the file is outside the data roots (RECTUNE_DATA_ROOTS: ${named}); copy it into one with \`rectune data add FILE\``,
  );
}

/**
 * A dataset with every file it names confined to the data roots and replaced by its real path (so that
 * what is read is what was checked, even if a link changes later). Synthetic data sets read no file.
 * `prefix` is where the dataset sits in the request (its errors' field).
 */
export async function confineDataset(
  dataset: DatasetConfig,
  roots: readonly string[],
  prefix = "target.dataset",
  cwd?: string,
): Promise<DatasetConfig> {
  if ("synthetic" in dataset) return dataset;
  const path = await confineToDataRoots(dataset.path, roots, `${prefix}.path`, cwd);
  const items = dataset.items && {
    ...dataset.items,
    path: await confineToDataRoots(dataset.items.path, roots, `${prefix}.items.path`, cwd),
  };
  const users = dataset.users && {
    ...dataset.users,
    path: await confineToDataRoots(dataset.users.path, roots, `${prefix}.users.path`, cwd),
  };
  return { ...dataset, path, ...(items ? { items } : {}), ...(users ? { users } : {}) };
}
