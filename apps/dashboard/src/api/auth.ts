/**
 * The API key: entered once, kept in the browser's localStorage, sent as `Authorization: Bearer` on every
 * request and on the event stream. A 401 forgets it, which brings the key prompt back.
 */
const STORAGE_KEY = "rectune.apiKey";
const listeners = new Set<(key: string | null) => void>();

export function currentKey(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function signIn(key: string): void {
  localStorage.setItem(STORAGE_KEY, key);
  for (const l of listeners) l(key);
}

export function signOut(): void {
  localStorage.removeItem(STORAGE_KEY);
  for (const l of listeners) l(null);
}

export function onKeyChange(listener: (key: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function authHeaders(key = currentKey()): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}
