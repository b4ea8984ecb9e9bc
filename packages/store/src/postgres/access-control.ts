import type { AccessControl, ApiKeyRow, ApiKeyScope, ProjectRow, StoredApiKey } from "../contract/access-control.js";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import type { Database } from "./database.js";

const PROJECT_COLUMNS = `id, name, created_at AT TIME ZONE 'UTC' AS "createdAt"`;
const KEY_COLUMNS = `k.id, k.name, k.prefix, k.hash, k.project_id AS "projectId", p.name AS "projectName",
  coalesce(k.scopes, '{}') AS scopes, k.created_at AT TIME ZONE 'UTC' AS "createdAt",
  k.last_used_at AT TIME ZONE 'UTC' AS "lastUsedAt", k.revoked_at AT TIME ZONE 'UTC' AS "revokedAt"`;

interface KeyRecord extends Omit<StoredApiKey, "scopes"> {
  scopes: string[];
}

const toStored = (r: KeyRecord): StoredApiKey => ({ ...r, scopes: r.scopes as ApiKeyScope[] });
const toListed = (r: KeyRecord): ApiKeyRow => {
  const { hash: _hash, ...row } = toStored(r);
  return row;
};

/** PostgreSQL's code for a unique constraint broken by an insert. */
const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === "23505";

/** Projects and API keys on PostgreSQL (plain SQL: the key lookup runs on every API request). */
export function postgresAccessControl({ sql }: Database): AccessControl {
  const keyByPrefix = async (prefix: string): Promise<KeyRecord | undefined> =>
    (
      await sql.query<KeyRecord>(
        "api_key_by_prefix",
        `SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN projects p ON p.id = k.project_id WHERE k.prefix = $1::text`,
        [prefix],
      )
    )[0];

  return {
    async createProject(name) {
      try {
        const [row] = await sql.query<ProjectRow>(
          "projects_create",
          `INSERT INTO projects (name) VALUES ($1::text) RETURNING ${PROJECT_COLUMNS}`,
          [name],
        );
        if (!row) throw new Error("the project insert returned no row");
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`project "${name}" exists already`);
        throw error;
      }
    },

    async project(name) {
      const [row] = await sql.query<ProjectRow>(
        "projects_by_name",
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE name = $1::text`,
        [name],
      );
      if (!row) throw new NotFoundError("project", name);
      return row;
    },

    projects: () => sql.query<ProjectRow>("projects_all", `SELECT ${PROJECT_COLUMNS} FROM projects ORDER BY id`, []),

    async createApiKey(key) {
      if (key.projectId !== null) {
        const found = await sql.query("projects_by_id", "SELECT 1 FROM projects WHERE id = $1::int", [key.projectId]);
        if (found.length === 0) throw new NotFoundError("project", key.projectId);
      }
      try {
        await sql.query(
          "api_keys_create",
          `INSERT INTO api_keys (name, prefix, hash, project_id, scopes) VALUES ($1::text, $2::text, $3::text, $4::int, $5::text[])`,
          [key.name, key.prefix, key.hash, key.projectId, [...key.scopes]],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`an API key with prefix ${key.prefix} exists already`);
        throw error;
      }
      const row = await keyByPrefix(key.prefix);
      if (!row) throw new Error("the API key insert left no row");
      return toListed(row);
    },

    async apiKeys() {
      const rows = await sql.query<KeyRecord>(
        "api_keys_all",
        `SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN projects p ON p.id = k.project_id ORDER BY k.id`,
        [],
      );
      return rows.map(toListed);
    },

    async apiKeyByPrefix(prefix) {
      const row = await keyByPrefix(prefix);
      return row && toStored(row);
    },

    async apiKeyUsed(id) {
      await sql.query("api_keys_used", "UPDATE api_keys SET last_used_at = now() WHERE id = $1::int", [id]);
    },

    async revokeApiKey(prefix) {
      await sql.query(
        "api_keys_revoke",
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE prefix = $1::text",
        [prefix],
      );
      const row = await keyByPrefix(prefix);
      if (!row) throw new NotFoundError("api key", prefix);
      return toListed(row);
    },
  };
}
