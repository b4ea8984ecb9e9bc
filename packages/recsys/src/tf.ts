/**
 * The tfjs namespace, injected: the worker passes whichever backend it loaded (pure-JS cpu with fast
 * kernels, wasm, node, node-gpu), so models never import `@tensorflow/tfjs` themselves.
 */
export type Tf = typeof import("@tensorflow/tfjs");
export type Tensor = import("@tensorflow/tfjs").Tensor;
export type Tensor1D = import("@tensorflow/tfjs").Tensor1D;
export type Tensor2D = import("@tensorflow/tfjs").Tensor2D;
export type Tensor3D = import("@tensorflow/tfjs").Tensor3D;
export type Scalar = import("@tensorflow/tfjs").Scalar;
export type Variable = import("@tensorflow/tfjs").Variable;
