import { parseDocument } from "yaml";
import type { z } from "zod";
import { DEPRECATED_PRUNER_KEY, type StudySpec, studySpecSchema } from "./study-spec.js";

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

/**
 * What an accepted spec still spells the deprecated way, as warnings for the one who submitted it: the
 * field and what to write instead. Reads the input as given (before parsing renames anything).
 */
export function deprecationsOf(input: unknown): SpecProblem[] {
  const strategy = (input as { strategy?: unknown } | null)?.strategy;
  if (typeof strategy !== "object" || strategy === null || !(DEPRECATED_PRUNER_KEY in strategy)) return [];
  return [
    {
      field: `strategy.${DEPRECATED_PRUNER_KEY}`,
      message: "deprecated: write strategy.pruner (strategy.scheduler will stop being read in a later release)",
    },
  ];
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
  return readStudySpecText(text, source).spec;
}

/** parseStudySpecText, plus the deprecation warnings of an accepted spec, with their lines. */
export function readStudySpecText(text: string, source: string): { spec: StudySpec; warnings: SpecProblem[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err?.linePos?.[0]?.line;
    throw new StudySpecError(
      [{ field: "", message: err?.message.split("\n")[0] ?? "malformed document", ...(line ? { line } : {}) }],
      source,
    );
  }
  const lines = text.split("\n");
  /** The line of the node at `path` (or of its parent, for a missing key). */
  const lineAt = (path: readonly PropertyKey[]): number | undefined => {
    const keys = path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    const parentNode = doc.getIn(keys.slice(0, -1), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0];
    return offset === undefined ? undefined : lineOf(lines, offset);
  };
  const withLine = (problem: SpecProblem, path: readonly PropertyKey[]): SpecProblem => {
    const line = lineAt(path);
    return { ...problem, ...(line ? { line } : {}) };
  };
  const input: unknown = doc.toJS();
  const result = studySpecSchema.safeParse(input);
  if (result.success) {
    const warnings = deprecationsOf(input).map((w) => withLine(w, w.field.split(".")));
    return { spec: result.data, warnings };
  }
  const problems = result.error.issues.map((i) => withLine({ field: fieldPath(i.path), message: i.message }, i.path));
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
