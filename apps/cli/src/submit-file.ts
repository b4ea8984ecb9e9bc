import { readFileSync } from "node:fs";
import { readStudySpecText } from "@rectune/spec";
import type { RectuneClient } from "@rectune/client";

/** Reads and validates a spec file locally (errors name the file and line), then submits it. */
export async function submitFile(client: RectuneClient, file: string): Promise<{ id: number; name: string }> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const { spec, warnings } = readStudySpecText(text, file);
  for (const w of warnings)
    process.stderr.write(`warning: ${file}${w.line ? `:${w.line}` : ""}: ${w.field}: ${w.message}\n`);
  return client.submit(spec);
}
