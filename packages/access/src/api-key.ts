import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API key is `rtk_<prefix>_<secret>`: the prefix (8 characters, public, shown in lists and logs)
 * finds the key's row; the secret (32 random bytes) is what makes it a key. Only the SHA-256 of the
 * whole key is stored: a leaked database holds no usable key. SHA-256 and not a slow password hash,
 * because the key is random, not chosen by a person: there is no dictionary to slow down.
 */
const KEY_PATTERN = /^rtk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface NewKeyMaterial {
  /** The whole key: shown once, to the person who created it. */
  readonly key: string;
  /** `rtk_xxxxxxxx`: what lists show and what finds the stored row. */
  readonly prefix: string;
  /** Hex SHA-256 of the whole key: what is stored. */
  readonly hash: string;
}

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

export function generateApiKey(): NewKeyMaterial {
  const id = [...randomBytes(8)].map((b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
  const key = `rtk_${id}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: `rtk_${id}`, hash: hashApiKey(key) };
}

/** The public prefix of a well-formed key, or undefined for anything else (which is then no key at all). */
export function prefixOf(key: string): string | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? `rtk_${match[1]}` : undefined;
}

/** Whether `key` hashes to `storedHash`, compared in constant time (no timing tells how much matched). */
export function keyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
