import { loadTensorflow } from "../src/index.js";
for (const force of [undefined, "wasm", "cpu"] as const) {
  const { tf, backend } = await loadTensorflow(force ? { force } : {});
  const v = tf.variable(tf.randomNormal([10, 4]));
  const g = tf.grad((x: any) => tf.gather(x, tf.tensor1d([1, 1, 3], "int32")).sum())(v);
  console.log(backend, tf.getBackend(), g.sum().dataSync()[0]);
}
