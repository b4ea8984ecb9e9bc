import { parseDocument } from "yaml";
import type { z } from "zod";
import { DEPRECATED_PRUNER_KEY, type StudySpec, studySpecSchema } from "./study-spec.js";
import { didYouMean } from "./did-you-mean.js";

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

/** A problem with the path of its field (for the line of a YAML node). */
interface LocatedProblem {
  readonly problem: SpecProblem;
  readonly path: readonly PropertyKey[];
  /** A key the schema does not have (listed first: see locatedProblemsOf). */
  readonly unknownKey?: boolean;
}

/** The keys the object schemas at `path` of `schema` take (every branch of a union), for a did-you-mean. */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  // Wrappers (optional, default, pipe, preprocess, lazy): whatever object lies inside either side.
  const inner = [def.innerType, def.in, def.out, def.schema].filter(
    (t): t is z.core.$ZodType => typeof t === "object" && t !== null && "_zod" in t,
  );
  if (inner.length > 0 && def.type !== "object") return inner.flatMap((t) => keysAt(t, path));
  if (def.type === "union") return (def.options as z.core.$ZodType[]).flatMap((o) => keysAt(o, path));
  const shape = def.shape as Record<string, z.core.$ZodType> | undefined;
  if (def.type === "object" && shape) {
    if (path.length === 0) return Object.keys(shape);
    const next = shape[String(path[0])];
    return next ? keysAt(next, path.slice(1)) : [];
  }
  if (path.length === 0) return [];
  if (def.type === "array") return keysAt(def.element as z.core.$ZodType, path.slice(1));
  if (def.type === "record") return keysAt(def.valueType as z.core.$ZodType, path.slice(1));
  return [];
}

/**
 * One problem per issue, named by its field. A union (`objective`: one or a list) reports the branch
 * that matched furthest instead of zod's bare "Invalid input"; an enum lists its values in words
 * ("expected minimize or maximize"); each unknown key is its own problem, at its own field (and so its
 * own line), with the closest known key.
 */
function problemsOfIssue(issue: Issue, prefix: readonly PropertyKey[]): LocatedProblem[] {
  const path = [...prefix, ...issue.path];
  const at = (message: string, where: readonly PropertyKey[] = path): LocatedProblem => ({
    problem: { field: fieldPath(where), message },
    path: where,
  });
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const best = [...branches].sort((a, b) => reach(b) - reach(a) || a.length - b.length)[0];
    if (best && reach(best) > 0) return best.flatMap((i) => problemsOfIssue(i, path));
    // No branch got inside: the value is of none of the union's types (or missing).
    const expected = branches.flatMap((b) => b.flatMap((i) => (i.code === "invalid_type" ? [i.expected] : [])));
    if (expected.length === branches.length) return [at(`expected ${alternatives([...new Set(expected)])}`)];
  }
  if (issue.code === "invalid_value" && issue.values.length > 1) return [at(`expected ${alternatives(issue.values)}`)];
  if (issue.code === "unrecognized_keys") {
    const known = [...new Set(keysAt(studySpecSchema, path))];
    return issue.keys.map((key) => {
      const guess = didYouMean(key, known);
      return {
        ...at(
          `unknown key "${key}"${guess ? `; did you mean "${guess}"?` : ""}${known.length > 0 ? ` Expected one of: ${known.join(", ")}` : ""}`,
          [...path, key],
        ),
        unknownKey: true,
      };
    });
  }
  return [at(issue.message)];
}

/**
 * Every problem of a failed parse; unknown keys first: a misspelt key is usually why a required one is
 * missing, and the first problem is the one a user reads first.
 */
const locatedProblemsOf = (error: z.ZodError): LocatedProblem[] => {
  const located = error.issues.flatMap((i) => problemsOfIssue(i as Issue, []));
  return [...located].sort((a, b) => Number(b.unknownKey === true) - Number(a.unknownKey === true));
};

export function problemsOf(error: z.ZodError): SpecProblem[] {
  return locatedProblemsOf(error).map((p) => p.problem);
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
  // In file order within each kind (unknown keys first, see locatedProblemsOf).
  const problems = locatedProblemsOf(result.error)
    .map(({ problem, path }) => ({
      unknown: path !== undefined && problem.message.startsWith("unknown key"),
      p: withLine(problem, path),
    }))
    .sort((a, b) => Number(b.unknown) - Number(a.unknown) || (a.p.line ?? 0) - (b.p.line ?? 0))
    .map(({ p }) => p);
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
