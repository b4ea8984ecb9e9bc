/**
 * `npm run test:multihost` (root): a rectune cluster over Linux network namespaces. PostgreSQL, Redis, the
 * API and the scheduler run on one host (namespace rt-scal-srv), workers on three others (rt-scal-w1..3),
 * linked by veth pairs to a bridge of the test's own (10.77.0.0/24). It measures a 300-trial `sleep`
 * study's throughput with 1, 2 and 3 worker hosts, then cuts one host's link mid-study: the study must
 * finish with every trial COMPLETE, and the cut host's trials must be reassigned once their heartbeats are
 * older than RECTUNE_STALE_AFTER_MS. Prints a table; the last line is one JSON object.
 * Where namespaces cannot be made (not Linux, not root, no iproute2) it says so and exits 0.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createNetwork, netnsUnavailable, removeNetwork, SERVER_NS } from "./network.js";

const unavailable = netnsUnavailable();
if (unavailable) {
  console.log(`test:multihost skipped: ${unavailable}`);
  console.log(JSON.stringify({ skipped: unavailable }));
  process.exit(0);
}

createNetwork();
let status = 1;
try {
  // The driver runs on the servers' host: from there it reaches PostgreSQL, Redis and the API over the bridge.
  const driver = fileURLToPath(new URL("./driver.ts", import.meta.url));
  const run = spawnSync("ip", ["netns", "exec", SERVER_NS, process.execPath, "--import", "tsx", driver], {
    stdio: "inherit",
  });
  status = run.status ?? 1;
} finally {
  removeNetwork();
}
process.exit(status);
