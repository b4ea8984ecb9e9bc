import type * as tfjs from "@tensorflow/tfjs";

/** The tfjs namespace; tfjs-node(-gpu) re-exports the same API on top of the same engine. */
export type Tf = typeof tfjs;
