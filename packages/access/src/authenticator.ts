import type { AccessControl } from "@rectune/store";
import { hashApiKey } from "./api-key.js";
import { authenticate, type Principal } from "./authenticate.js";

export interface AuthenticatorOptions {
  /**
   * How long a checked key is taken without reading it again (default 2 s): a busy client's requests
   * cost no query each, and a revoked key is refused at most this long after its revocation.
   */
  readonly cacheMs?: number;
  /** A key's last use is written at most this often (default 60 s), not on every request. */
  readonly lastUsedEveryMs?: number;
  readonly now?: () => number;
}

/**
 * `authenticate` for a server: keys checked moments ago are taken from memory (by their SHA-256, never
 * the key itself), and their last use is recorded once a minute. Failures are never kept: a key made
 * a moment ago works at once.
 */
export function createAuthenticator(
  store: Pick<AccessControl, "apiKeyByPrefix" | "apiKeyUsed">,
  options: AuthenticatorOptions = {},
): (authorization: string | undefined) => Promise<Principal> {
  const cacheMs = options.cacheMs ?? 2_000;
  const lastUsedEveryMs = options.lastUsedEveryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const checked = new Map<string, { principal: Principal; until: number }>();
  const lastWritten = new Map<number, number>();
  // Writes the last use only when the previous write is older than lastUsedEveryMs.
  const throttled: Pick<AccessControl, "apiKeyByPrefix" | "apiKeyUsed"> = {
    apiKeyByPrefix: (prefix) => store.apiKeyByPrefix(prefix),
    apiKeyUsed: async (id) => {
      const t = now();
      if (t - (lastWritten.get(id) ?? -Infinity) < lastUsedEveryMs) return;
      lastWritten.set(id, t);
      await store.apiKeyUsed(id);
    },
  };
  return async (authorization) => {
    const id = authorization ? hashApiKey(authorization) : undefined;
    const kept = id === undefined ? undefined : checked.get(id);
    if (kept && kept.until > now()) return kept.principal;
    const principal = await authenticate(throttled, authorization);
    if (id !== undefined) {
      if (checked.size > 10_000) checked.clear();
      checked.set(id, { principal, until: now() + cacheMs });
    }
    return principal;
  };
}
