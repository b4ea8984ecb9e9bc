/** What an API key may do: read studies, also submit and control them, or also manage keys and projects. */
export type ApiKeyScope = "read" | "write" | "admin";

export interface ProjectRow {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
}

/** An API key as listed: never the key itself, which is shown once when created and kept only hashed. */
export interface ApiKeyRow {
  readonly id: number;
  readonly name: string;
  /** The key's public start (`rtk_xxxxxxxx`): finds its row, and tells a user which key is which. */
  readonly prefix: string;
  /** Its project, or null for an admin key of every project. */
  readonly projectId: number | null;
  readonly projectName: string | null;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** A key's row with its hash, for the one caller that checks a presented key. */
export interface StoredApiKey extends ApiKeyRow {
  /** Hex SHA-256 of the whole key. */
  readonly hash: string;
}

export interface NewApiKey {
  readonly name: string;
  readonly prefix: string;
  readonly hash: string;
  readonly projectId: number | null;
  readonly scopes: readonly ApiKeyScope[];
}

/**
 * Projects and API keys: who may use the API, and which studies each key sees. The key material
 * itself (generation, hashing, comparison) is the caller's (@rectune/access): the store keeps hashes.
 */
export interface AccessControl {
  /** ConflictError when the name is taken. */
  createProject(name: string): Promise<ProjectRow>;
  /** By name; NotFoundError when there is none. */
  project(name: string): Promise<ProjectRow>;
  projects(): Promise<ProjectRow[]>;
  /** ConflictError when the prefix is taken; NotFoundError for an unknown project. */
  createApiKey(key: NewApiKey): Promise<ApiKeyRow>;
  /** Every key, revoked ones included, oldest first. */
  apiKeys(): Promise<ApiKeyRow[]>;
  /** The key with this prefix (revoked ones too: the caller tells them apart), or undefined. */
  apiKeyByPrefix(prefix: string): Promise<StoredApiKey | undefined>;
  /** Sets the key's last use to now (the store's clock). */
  apiKeyUsed(id: number): Promise<void>;
  /** Revokes the key with this prefix (kept, with its revocation time); NotFoundError when there is none. */
  revokeApiKey(prefix: string): Promise<ApiKeyRow>;
}
