import { liveSchemas, spaceMisfits } from "@rectune/objective-sdk";
import type { StudySpec } from "@rectune/spec";
import type { StudyReads } from "@rectune/store";
import { invalid } from "./problem.js";

/**
 * For a study of an objective module: its space checked against the params schema a live worker
 * announced for that module (400 naming `space.<param>` when the module would refuse it); a warning when
 * no live worker runs the module now (its trials wait for one). Other targets: nothing.
 */
export async function checkModuleTarget(
  store: Pick<StudyReads, "workers">,
  spec: StudySpec,
  staleAfterMs: number,
): Promise<{ field: string; message: string }[]> {
  if (spec.target.kind !== "module") return [];
  const { name } = spec.target;
  const [schema] = liveSchemas(await store.workers(), name, staleAfterMs);
  if (!schema)
    return [
      {
        field: "target.name",
        message: `no live worker runs objective "${name}" now (RECTUNE_OBJECTIVES): its trials wait for one`,
      },
    ];
  const misfits = spaceMisfits(spec.space, schema, name);
  if (misfits.length > 0) throw invalid(misfits.map((m) => ({ field: `space.${m.param}`, message: m.message })));
  return [];
}
