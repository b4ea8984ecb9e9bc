import { parseDocument } from "yaml";
import type { z } from "zod";
import { type StudySpec, studySpecSchema } from "./study-spec.js";

/** One problem with a submitted spec: `field` is a dotted path (`space.lr.low`), `line` is set for files. */
export interface SpecProblem {
  readonly field: string;
  readonly message: string;
  readonly line?: number;
}

export class StudySpecError extends Error {
  override readonly name = "StudySpecError";
  constructor(
    readonly problems: readonly SpecProblem[],
    readonly source?: string,
  ) {
    const first = problems[0];
    const where = source ? `${source}${first?.line ? `:${first.line}` : ""}: ` : "";
    super(`${where}${first ? `${first.field || "(spec)"}: ${first.message}` : "invalid study spec"}`);
  }
}

export const fieldPath = (path: readonly PropertyKey[]): string => path.map(String).join(".");

export function problemsOf(error: z.ZodError): SpecProblem[] {
  return error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
}

/** Validates an already-decoded spec (the API's JSON body). */
export function parseStudySpec(input: unknown): StudySpec {
  const result = studySpecSchema.safeParse(input);
  if (!result.success) throw new StudySpecError(problemsOf(result.error));
  return result.data;
}

/**
 * Parses a spec file's text (YAML is a superset of JSON, so one parser serves both) and validates it.
 * Errors name the file and, where the offending node can be found, its line.
 */
export function parseStudySpecText(text: string, source: string): StudySpec {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err?.linePos?.[0]?.line;
    throw new StudySpecError(
      [{ field: "", message: err?.message.split("\n")[0] ?? "malformed document", ...(line ? { line } : {}) }],
      source,
    );
  }
  const result = studySpecSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const lineCounter = text.split("\n");
  const problems = result.error.issues.map((i) => {
    const node = doc.getIn(
      i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      true,
    ) as { range?: [number, number, number] } | undefined;
    const parentNode = doc.getIn(
      i.path.slice(0, -1).map((p) => (typeof p === "symbol" ? String(p) : p)),
      true,
    ) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0];
    const line = offset === undefined ? undefined : lineOf(lineCounter, offset);
    return { field: fieldPath(i.path), message: i.message, ...(line ? { line } : {}) };
  });
  throw new StudySpecError(problems, source);
}

function lineOf(lines: readonly string[], offset: number): number {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    seen += (lines[i]?.length ?? 0) + 1;
    if (offset < seen) return i + 1;
  }
  return lines.length;
}
