import type { Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StepValues } from "../contract/step-values.js";
import type { TrialHistory } from "../contract/trial-history.js";
import type { Database } from "./database.js";
import { toTrialRecord, valuesOrNull } from "./row-mapping.js";

/** A study's trials as samplers and pruners read them. */
export function postgresTrialHistory({ db }: Database): TrialHistory & StepValues {
  return {
    async history(studyId) {
      const rows = await db.trial.findMany({
        where: { studyId },
        select: { number: true, state: true, params: true, values: true, strategy: true },
        orderBy: { number: "asc" },
      });
      return rows.map((r) =>
        toTrialRecord({
          number: r.number,
          state: r.state,
          params: r.params as Params,
          values: valuesOrNull(r.values),
          strategy: (r.strategy as TrialStrategy | null) ?? null,
        }),
      );
    },

    // One scan of the (study_id, step) index, however long the study's history.
    async stepValues(studyId, steps) {
      if (steps.length === 0) return [];
      const rows = await db.$queryRaw<
        { number: number; state: TrialState; params: Params; values: number[]; step: number; value: number }[]
      >`
        SELECT t.number, t.state::text AS state, t.params, t."values", iv.step, iv.value
        FROM intermediate_values iv JOIN trials t ON t.id = iv.trial_id
        WHERE iv.study_id = ${studyId} AND iv.step = ANY(${[...steps]}::int[])
        ORDER BY t.number, iv.step`;
      const records: TrialRecord[] = [];
      for (const r of rows) {
        let last = records.at(-1);
        if (last?.number !== r.number) {
          last = toTrialRecord({ ...r, values: valuesOrNull(r.values), strategy: null });
          records.push(last);
        }
        // toTrialRecord gives each record a fresh map.
        (last.intermediate as Map<number, number>).set(r.step, r.value);
      }
      return records;
    },
  };
}
