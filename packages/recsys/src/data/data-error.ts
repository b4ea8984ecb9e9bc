/** A problem with an input file; the message names the file and, where known, the line (1-based). */
export class DataError extends Error {
  override readonly name = "DataError";
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line === undefined ? "" : `:${line}`}: ${reason}`);
  }
}
