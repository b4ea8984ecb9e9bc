import type { Optimizer } from "@tensorflow/tfjs";
import type { Tensor, Tf, Variable } from "../tf.js";

/** Leading bytes of a recommender checkpoint, so that anything else (a `curve` checkpoint) is refused by name. */
const MAGIC = "RTCK1";

interface Header {
  /** The optimizer whose slots follow: a checkpoint loaded under another optimizer restores weights only. */
  readonly optimizer: string;
  readonly variables: number;
  readonly specs: Awaited<ReturnType<Tf["io"]["encodeWeights"]>>["specs"];
}

/**
 * A gradient-trained model's whole training state as bytes: its variables and the optimizer's slots
 * (Adam's moments and step count, …), so that training resumed from a checkpoint takes the same steps
 * as training that never stopped. Encoded with tfjs's own weight format behind a small JSON header.
 */
export async function encodeTrainingState(
  tf: Tf,
  variables: readonly Variable[],
  optimizer: Optimizer,
  optimizerName: string,
): Promise<Uint8Array> {
  const slots = await optimizer.getWeights();
  try {
    const named: { name: string; tensor: Tensor }[] = [
      ...variables.map((v, i) => ({ name: `var/${i}`, tensor: v })),
      ...slots.map((s, i) => ({ name: `opt/${i}/${s.name}`, tensor: s.tensor })),
    ];
    const { data, specs } = await tf.io.encodeWeights(named);
    const header = new TextEncoder().encode(
      JSON.stringify({ optimizer: optimizerName, variables: variables.length, specs } satisfies Header),
    );
    const out = new Uint8Array(MAGIC.length + 4 + header.length + data.byteLength);
    out.set(new TextEncoder().encode(MAGIC), 0);
    new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
    out.set(header, MAGIC.length + 4);
    out.set(new Uint8Array(data), MAGIC.length + 4 + header.length);
    return out;
  } finally {
    // getWeights returns the optimizer's own slot variables plus fresh tensors (the step count): free only those.
    for (const s of slots) if (!(s.tensor instanceof tf.Variable)) s.tensor.dispose();
  }
}

/**
 * Restores a state written by `encodeTrainingState` into a freshly built model and optimizer. The model
 * must have the same variables (shapes): a checkpoint can carry training hyperparameters over (learning
 * rate, L2, negatives), not a different architecture.
 */
export async function decodeTrainingState(
  tf: Tf,
  bytes: Uint8Array,
  variables: readonly Variable[],
  optimizer: Optimizer,
  optimizerName: string,
): Promise<void> {
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw new Error("not a recommender checkpoint");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)),
  ) as Header;
  const body = bytes.slice(MAGIC.length + 4 + headerLength).buffer;
  const tensors = tf.io.decodeWeights(body, header.specs);
  try {
    if (header.variables !== variables.length)
      throw new Error(`checkpoint holds ${header.variables} variables, the model has ${variables.length}`);
    variables.forEach((v, i) => {
      const saved = tensors[`var/${i}`];
      if (!saved || saved.shape.join("x") !== v.shape.join("x")) {
        throw new Error(
          `checkpoint variable ${i} has shape [${saved?.shape.join(", ")}], the model's is [${v.shape.join(", ")}]: ` +
            "a checkpoint cannot change the architecture",
        );
      }
      v.assign(saved);
    });
    if (header.optimizer === optimizerName) {
      const slots = header.specs
        .filter((s) => s.name.startsWith("opt/"))
        .map((s) => ({ name: s.name.split("/").slice(2).join("/"), tensor: tensors[s.name]! }));
      await optimizer.setWeights(slots);
    }
  } finally {
    // setWeights and assign keep their own references to the data.
    for (const t of Object.values(tensors)) t.dispose();
  }
}

/**
 * The model's own weights out of a saved training state, in tfjs's weight format (the specs of a
 * `weightsManifest` entry and the concatenated data), without the optimizer's slots: what a client
 * that only scores needs. The variables come first in the state, in the model's order.
 */
export function modelWeights(bytes: Uint8Array): { readonly specs: Header["specs"]; readonly data: Uint8Array } {
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw new Error("not a recommender state");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4 + headerLength;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, start))) as Header;
  const specs = header.specs.slice(0, header.variables);
  const size = specs.reduce((sum, s) => sum + s.shape.reduce((n, d) => n * d, 1) * (s.dtype === "bool" ? 1 : 4), 0);
  return { specs, data: bytes.slice(start, start + size) };
}
