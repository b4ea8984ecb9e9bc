import type { ApiKeyScope } from "@rectune/store";

export const API_KEY_SCOPES = ["read", "write", "admin"] as const satisfies readonly ApiKeyScope[];

/** Each scope includes the ones before it: write may read, admin may do everything. */
const RANK: Record<ApiKeyScope, number> = { read: 0, write: 1, admin: 2 };

export const scopeAllows = (scopes: readonly ApiKeyScope[], needed: ApiKeyScope): boolean =>
  scopes.some((s) => RANK[s] >= RANK[needed]);

export const isScope = (value: string): value is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(value);
