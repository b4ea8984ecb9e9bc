import type { AccessControl, ApiKeyRow, StoredApiKey } from "../contract/access-control.js";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import type { MemoryData } from "./memory-data.js";

const listed = ({ hash: _hash, ...row }: StoredApiKey): ApiKeyRow => ({ ...row, scopes: [...row.scopes] });

/** Projects and API keys in memory, with the PostgreSQL store's rules. */
export function memoryAccessControl(data: MemoryData): AccessControl {
  const key = (prefix: string): StoredApiKey => {
    const found = data.apiKeys.get(prefix);
    if (!found) throw new NotFoundError("api key", prefix);
    return found;
  };
  return {
    async createProject(name) {
      if ([...data.projects.values()].some((p) => p.name === name))
        throw new ConflictError(`project "${name}" exists already`);
      const project = { id: data.nextId("project"), name, createdAt: data.now() };
      data.projects.set(project.id, project);
      return { ...project };
    },

    async project(name) {
      const found = [...data.projects.values()].find((p) => p.name === name);
      if (!found) throw new NotFoundError("project", name);
      return { ...found };
    },

    async projects() {
      return [...data.projects.values()].sort((a, b) => a.id - b.id).map((p) => ({ ...p }));
    },

    async createApiKey(k) {
      const projectName = k.projectId === null ? null : data.project(k.projectId).name;
      if (data.apiKeys.has(k.prefix)) throw new ConflictError(`an API key with prefix ${k.prefix} exists already`);
      const row: StoredApiKey = {
        id: data.nextId("apiKey"),
        name: k.name,
        prefix: k.prefix,
        hash: k.hash,
        projectId: k.projectId,
        projectName,
        scopes: [...k.scopes],
        createdAt: data.now(),
        lastUsedAt: null,
        revokedAt: null,
      };
      data.apiKeys.set(row.prefix, row);
      return listed(row);
    },

    async apiKeys() {
      return [...data.apiKeys.values()].sort((a, b) => a.id - b.id).map(listed);
    },

    async apiKeyByPrefix(prefix) {
      const found = data.apiKeys.get(prefix);
      return found && { ...found, scopes: [...found.scopes] };
    },

    async apiKeyUsed(id) {
      for (const [prefix, k] of data.apiKeys)
        if (k.id === id) data.apiKeys.set(prefix, { ...k, lastUsedAt: data.now() });
    },

    async revokeApiKey(prefix) {
      const found = key(prefix);
      const revoked = { ...found, revokedAt: found.revokedAt ?? data.now() };
      data.apiKeys.set(prefix, revoked);
      return listed(revoked);
    },
  };
}
