/** The best epoch so far of a trial that reports its best: its validation metrics, and its model's state. */
export interface BestEpoch {
  readonly epoch: number;
  readonly metrics: Record<string, number>;
  readonly state: Uint8Array;
}

/**
 * A trial's checkpoint bytes: the model's state after the epoch, and the best epoch so far (its metrics
 * and, when it is an earlier epoch, its state), so that a retried attempt goes on reporting and finally
 * tests the same best epoch as the run that never stopped.
 *
 * Layout: u32 (little-endian) length of a JSON header, the header, then the best epoch's state when it
 * differs from the current one, then the current state.
 */
export function encodeCheckpoint(epoch: number, state: Uint8Array, best: BestEpoch | null): Uint8Array {
  const separate = best !== null && best.epoch !== epoch;
  const header = new TextEncoder().encode(
    JSON.stringify({
      best: best && { epoch: best.epoch, metrics: best.metrics, stateBytes: separate ? best.state.byteLength : null },
    }),
  );
  const bestState = separate ? best.state : new Uint8Array(0);
  const out = new Uint8Array(4 + header.byteLength + bestState.byteLength + state.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  out.set(bestState, 4 + header.byteLength);
  out.set(state, 4 + header.byteLength + bestState.byteLength);
  return out;
}

export function decodeCheckpoint(data: Uint8Array): { state: Uint8Array; best: BestEpoch | null } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerBytes = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + headerBytes))) as {
    best: { epoch: number; metrics: Record<string, number>; stateBytes: number | null } | null;
  };
  const bestBytes = header.best?.stateBytes ?? 0;
  const state = data.subarray(4 + headerBytes + bestBytes);
  if (!header.best) return { state, best: null };
  const bestState =
    header.best.stateBytes === null ? state : data.subarray(4 + headerBytes, 4 + headerBytes + bestBytes);
  return { state, best: { epoch: header.best.epoch, metrics: header.best.metrics, state: bestState } };
}

/** The model state a trial's checkpoint serves: its best epoch's when it reports its best, else its last. */
export const servedState = (checkpoint: Uint8Array): Uint8Array => {
  const { state, best } = decodeCheckpoint(checkpoint);
  return best?.state ?? state;
};
