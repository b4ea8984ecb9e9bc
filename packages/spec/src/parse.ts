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

/** "a", "a or b", "a, b or c": the values an enum takes, as a person would list them. */
const alternatives = (values: readonly unknown[]): string => {
  const shown = values.map(String);
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
};

type Issue = z.core.$ZodIssue;

/** The deepest an issue list reaches: the union branch that got furthest is the one that was meant. */
const reach = (issues: readonly Issue[]): number => Math.max(...issues.map((i) => i.path.length));

/**
 * One problem per issue, named by its field. A union (`objective`: one or a list) reports the branch
 * that matched furthest instead of zod's bare "Invalid input"; an enum lists its values in words
 * ("expected minimize or maximize").
 */
function problemsOfIssue(issue: Issue, prefix: readonly PropertyKey[]): SpecProblem[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const best = [...branches].sort((a, b) => reach(b) - reach(a) || a.length - b.length)[0];
    if (best && reach(best) > 0) return best.flatMap((i) => problemsOfIssue(i, path));
  }
  if (issue.code === "invalid_value" && issue.values.length > 1)
    return [{ field: fieldPath(path), message: `expected ${alternatives(issue.values)}` }];
  return [{ field: fieldPath(path), message: issue.message }];
}

export function problemsOf(error: z.ZodError): SpecProblem[] {
  return error.issues.flatMap((i) => problemsOfIssue(i, []));
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
