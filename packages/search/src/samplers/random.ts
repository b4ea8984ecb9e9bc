import { isActive, orderedParams } from "../space/active.js";
import { fromUnit } from "../space/transform.js";
import type { Params } from "../space/types.js";
import type { SampleContext, Sampler } from "./sampler.js";

/** Independent uniform sampling of every active parameter (log-uniform on log scales). */
export class RandomSampler implements Sampler {
  readonly name = "random";

  sample({ space, rng }: SampleContext): Params {
    const params: Params = {};
    for (const name of orderedParams(space)) {
      const def = space[name];
      if (!def || !isActive(space, name, params)) continue;
      params[name] = fromUnit(def, rng.next());
    }
    return params;
  }
}
