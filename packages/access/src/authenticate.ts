import type { AccessControl, ApiKeyScope } from "@rectune/store";
import { keyMatches, prefixOf } from "./api-key.js";

/** Who a request comes from: the key that signed it, and what that key may see and do. */
export interface Principal {
  readonly keyId: number;
  /** The key's public prefix (safe to log). */
  readonly prefix: string;
  /** The only project whose studies it sees, or null: every project (an admin key of no project). */
  readonly projectId: number | null;
  readonly scopes: readonly ApiKeyScope[];
}

/** Why a request is not authenticated; the API answers 401 with this message (never the key). */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
}

/**
 * Checks an `Authorization` header: `Bearer <key>` of a stored, unrevoked key whose hash matches. Every
 * failure says what was wrong without repeating what was sent.
 */
export async function authenticate(
  store: Pick<AccessControl, "apiKeyByPrefix" | "apiKeyUsed">,
  authorization: string | undefined,
): Promise<Principal> {
  if (!authorization) throw new AuthenticationError("an API key is required: send `Authorization: Bearer <key>`");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new AuthenticationError("the Authorization header must be `Bearer <key>`");
  const key = match[1];
  const prefix = prefixOf(key);
  const stored = prefix === undefined ? undefined : await store.apiKeyByPrefix(prefix);
  if (!stored || !keyMatches(key, stored.hash)) throw new AuthenticationError("the API key is not valid");
  if (stored.revokedAt) throw new AuthenticationError(`the API key ${stored.prefix} was revoked`);
  // Recording the use must not hold up (or fail) the request it was made for.
  store.apiKeyUsed(stored.id).catch(() => {});
  return { keyId: stored.id, prefix: stored.prefix, projectId: stored.projectId, scopes: stored.scopes };
}
