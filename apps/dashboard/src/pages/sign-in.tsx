import { useState } from "react";
import { ApiError, api } from "../api/client";
import { signIn } from "../api/auth";

/**
 * The key prompt: shown until a key is stored, and again after any 401. The key is checked with one
 * read before it is kept, so a wrong one is refused here rather than on the next page.
 */
export function SignIn({ expired }: { expired: boolean }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api("/v1/studies?limit=1", { key: key.trim() });
      signIn(key.trim());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? "The API refused this key." : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <h1>rectune</h1>
        {expired && <p className="note">Your key was refused; enter one again.</p>}
        <label>
          API key
          <input
            type="password"
            autoComplete="current-password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            required
            autoFocus
          />
        </label>
        <p className="note">
          Kept in this browser (localStorage) and sent as a Bearer token; `rectune keys create` makes one.
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || key.trim() === ""}>
          Sign in
        </button>
      </form>
    </main>
  );
}
