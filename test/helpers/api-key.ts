/**
 * An API key a test can sign in with. Until the API authenticates (issue #15) it accepts any key, so
 * this returns a fixed one, after checking that an unauthenticated read is indeed accepted; once the API
 * answers 401 without a key, this is the one place to create a real key (the store's key creation),
 * and every browser test keeps working unchanged.
 */
export async function apiKeyFor(apiUrl: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/studies?limit=1`);
  if (res.status !== 401) return "rectune-test-key";
  throw new Error("the API requires keys: create one for the test here (issue #15's key creation)");
}
