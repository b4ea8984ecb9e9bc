// The thread entry while rectune runs from its TypeScript sources (tsx, vitest): a worker thread inherits
// neither its parent's module loaders nor, on Node 20, an `--import` in its execArgv, so this JavaScript
// file registers tsx's loader in the thread, then imports the TypeScript entry it was given.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
