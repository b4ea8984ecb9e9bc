import { functionObjective, type Objective, type ObjectiveResolver } from "@rectune/runner";
import type { Target } from "@rectune/spec";

/** Maps a study's target to the code that trains and scores it. */
export function createObjectiveResolver(): ObjectiveResolver {
  return (target: Target): Objective => {
    switch (target.kind) {
      case "function":
        return functionObjective(target);
      case "recommender":
        throw new Error("recommender targets are not available in this worker");
    }
  };
}
