import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * A minimal WebAssembly assembler for the few SIMD loops this package runs over tfjs's wasm heap
 * (wasm-simd-adam.ts, wasm-simd-embedding.ts): the modules are a few hundred bytes, so they are
 * assembled at load time rather than shipped as build output, which the project does not commit.
 * Every module imports the backend's memory as env.memory and exports i32/f32-parameter functions.
 */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Instruction helpers. Memory operands use offset 0 and natural alignment. */
export const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  i32: (n: number) => [0x41, ...sleb(n)],
  f32: (x: number) => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  i32load: [0x28, 0x02, 0x00],
  f32load: [0x2a, 0x02, 0x00],
  f32store: [0x38, 0x02, 0x00],
  i32add: [0x6a],
  i32mul: [0x6c],
  i32ne: [0x47],
  i32geU: [0x4f],
  f64add: [0xa0],
  f32demote: [0xb6],
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
  /** block { loop { ...body } }: `br_if 1` leaves, `br 0` repeats. */
  loop: (...body: number[][]) => [0x02, 0x40, 0x03, 0x40, ...body.flat(), 0x0b, 0x0b],
  /** if { then } with no result; `else` when given. */
  when: (then: number[], otherwise?: number[]) => [
    0x04,
    0x40,
    ...then,
    ...(otherwise ? [0x05, ...otherwise] : []),
    0x0b,
  ],
  /** if (result type) { then } else { otherwise }. */
  choose: (type: number, then: number[], otherwise: number[]) => [0x04, type, ...then, 0x05, ...otherwise, 0x0b],
  breakIf: (depth: number) => [0x0d, depth],
  repeat: [0x0c, 0x00],
};

/** SIMD opcodes (after the 0xfd prefix) used here. */
export const simd = {
  load: 0x00,
  store: 0x0b,
  shuffle: 0x0d,
  f32x4Splat: 0x13,
  f64x2ExtractLane: 0x21,
  store64Lane: 0x5b,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f64x2Add: 0xf0,
};

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

export interface WasmFunction {
  name: string;
  params: number[];
  /** Local variable types after the parameters, in order. */
  locals: number[];
  body: number[];
}

export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0x00]);
  const codes = functions.map((f) => {
    const code = [...vector(f.locals.map((t) => [0x01, t])), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, 0x00]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(codes)),
  ]);
}

type Exports = Record<string, (...args: number[]) => number | void>;

/** The WebAssembly JS API (the project's TypeScript lib has no DOM/WebAssembly typings). */
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      Memory: abstract new (...args: never[]) => object;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: Exports };
    };
  }
).WebAssembly;

/**
 * One instance of `assemble()`'s module per wasm heap (keyed by the heap's WebAssembly.Memory, which
 * stays the same object when the heap grows); null when the backend does not expose its memory.
 */
export function instanceOn(
  backend: BackendWasm,
  cache: WeakMap<object, Exports>,
  assemble: () => Uint8Array,
): Exports | null {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof WA.Memory)) return null;
  let exports = cache.get(memory);
  if (exports === undefined) {
    exports = new WA.Instance(new WA.Module(assemble()), { env: { memory } }).exports;
    cache.set(memory, exports);
  }
  return exports;
}
