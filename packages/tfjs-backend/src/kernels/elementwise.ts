import {
  Abs,
  Add,
  backend_util,
  Exp,
  Log,
  Log1p,
  Maximum,
  Minimum,
  Multiply,
  Neg,
  RealDiv,
  Relu,
  Rsqrt,
  Sigmoid,
  Sqrt,
  Square,
  Step,
  Sub,
  util,
} from "@tensorflow/tfjs-core";
import { valuesOf, type AcceleratedKernel, type CpuKernelArgs } from "./kernel-types.js";

/**
 * float32 elementwise kernels as tight typed-array loops. tfjs's cpu binary kernels compute a
 * multi-dimensional index per element whenever shapes differ, even for tensor-times-scalar (every
 * Adam update); they dominate the training profile. Each value is computed in double and rounded
 * once on store, exactly as tfjs does, so results are bit-identical. Other dtypes go to tfjs.
 *
 * The loops are generated per kernel from the op's expression (`new Function`): a loop shared by
 * all kernels through an `op` callback goes megamorphic in V8 and runs ~7x slower.
 */
type Loop<A extends unknown[]> = (...args: A) => void;

function compile<A extends unknown[]>(params: string, body: string): Loop<A> {
  return new Function(...params.split(","), `"use strict";\n${body}`) as Loop<A>;
}

/** `expr` computes one output element from `x` (left operand) and `y` (right operand). */
function binaryKernel(kernelName: string, expr: string): AcceleratedKernel {
  const same = compile<[Float32Array, Float32Array, Float32Array]>(
    "a,b,out",
    `const n = out.length; for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; out[i] = ${expr}; }`,
  );
  const scalarRight = compile<[Float32Array, number, Float32Array]>(
    "a,y,out",
    `const n = out.length; for (let i = 0; i < n; i++) { const x = a[i]; out[i] = ${expr}; }`,
  );
  const scalarLeft = compile<[number, Float32Array, Float32Array]>(
    "x,b,out",
    `const n = out.length; for (let i = 0; i < n; i++) { const y = b[i]; out[i] = ${expr}; }`,
  );
  // General broadcasting: the innermost output axis as a strided inner loop (stride 0 where an input
  // is broadcast), the outer axes walked with an odometer.
  const broadcast = compile<[Float32Array, number[], Float32Array, number[], number[], Float32Array]>(
    "a,sa,b,sb,outShape,out",
    `
    const rank = outShape.length, inner = outShape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1];
    const counter = new Array(rank).fill(0);
    let pa = 0, pb = 0;
    for (let o = 0; o < out.length; ) {
      for (let j = 0, qa = pa, qb = pb; j < inner; j++, qa += ia, qb += ib) { const x = a[qa], y = b[qb]; out[o++] = ${expr}; }
      for (let d = rank - 2; d >= 0; d--) {
        pa += sa[d]; pb += sb[d];
        if (++counter[d] < outShape[d]) break;
        pa -= sa[d] * outShape[d]; pb -= sb[d] * outShape[d]; counter[d] = 0;
      }
    }`,
  );
  const fast = ({ inputs, backend }: CpuKernelArgs) => {
    const a = inputs.a!;
    const b = inputs.b!;
    if (a.dtype !== "float32" || b.dtype !== "float32") return null;
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const av = valuesOf(backend, a) as Float32Array;
    const bv = valuesOf(backend, b) as Float32Array;
    const out = new Float32Array(util.sizeFromShape(outShape));
    if (out.length === 0) {
      // nothing to compute
    } else if (util.arraysEqual(a.shape, b.shape)) same(av, bv, out);
    else if (bv.length === 1 && av.length === out.length) scalarRight(av, bv[0]!, out);
    else if (av.length === 1 && bv.length === out.length) scalarLeft(av[0]!, bv, out);
    else broadcast(av, broadcastStrides(a.shape, outShape), bv, broadcastStrides(b.shape, outShape), outShape, out);
    return backend.makeTensorInfo(outShape, "float32", out);
  };
  return { kernelName, fast };
}

/** Element strides of `shape` read at the positions of `outShape` (0 along broadcast axes). */
function broadcastStrides(shape: number[], outShape: number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = shape.length - 1, o = rank - 1; d >= 0; d--, o--) {
    strides[o] = shape[d] === 1 ? 0 : stride;
    stride *= shape[d]!;
  }
  return strides;
}

/** `expr` computes one output element from `x` and the kernel's numeric attribute `attr`. */
function unaryKernel(kernelName: string, expr: string, attrName?: string): AcceleratedKernel {
  const loop = compile<[Float32Array, number, Float32Array]>(
    "a,attr,out",
    `const n = out.length; for (let i = 0; i < n; i++) { const x = a[i]; out[i] = ${expr}; }`,
  );
  const fast = ({ inputs, backend, attrs }: CpuKernelArgs) => {
    const x = inputs.x!;
    if (x.dtype !== "float32") return null;
    const out = new Float32Array(util.sizeFromShape(x.shape));
    loop(valuesOf(backend, x) as Float32Array, attrName === undefined ? 0 : (attrs![attrName] as number), out);
    return backend.makeTensorInfo(x.shape, "float32", out);
  };
  return { kernelName, fast };
}

export const elementwiseKernels: readonly AcceleratedKernel[] = [
  binaryKernel(Add, "x + y"),
  binaryKernel(Sub, "x - y"),
  binaryKernel(Multiply, "x * y"),
  binaryKernel(RealDiv, "x / y"),
  binaryKernel(Maximum, "Math.max(x, y)"),
  binaryKernel(Minimum, "Math.min(x, y)"),
  unaryKernel(Abs, "Math.abs(x)"),
  unaryKernel(Exp, "Math.exp(x)"),
  unaryKernel(Log, "Math.log(x)"),
  unaryKernel(Log1p, "Math.log1p(x)"),
  unaryKernel(Neg, "-x"),
  unaryKernel(Relu, "Math.max(0, x)"),
  unaryKernel(Rsqrt, "1 / Math.sqrt(x)"),
  unaryKernel(Sigmoid, "1 / (1 + Math.exp(-x))"),
  unaryKernel(Sqrt, "Math.sqrt(x)"),
  unaryKernel(Square, "x * x"),
  unaryKernel(Step, "x !== x ? NaN : x > 0 ? 1 : attr", "alpha"),
];
