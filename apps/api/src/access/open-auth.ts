import { isIP } from "node:net";
import type { AuthMode } from "./api-key-auth.js";

/** Whether `host` names only this machine: a loopback address, or `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  return h === "::1";
}

/**
 * Why the API must not start, or undefined: with auth off it would hand the cluster to anyone who can
 * reach a non-loopback address.
 */
export function refuseOpenAuth(mode: AuthMode, host: string): string | undefined {
  if (mode === "keys" || isLoopback(host)) return undefined;
  return (
    `refusing to start: RECTUNE_AUTH=off while listening on ${host}, a non-loopback address, would let anyone ` +
    "who reaches it control the cluster. Use API keys (RECTUNE_AUTH=keys, the default; create one with " +
    "`rectune keys create --name NAME --scope admin`) or listen on 127.0.0.1"
  );
}
