export { generateApiKey, hashApiKey, keyMatches, prefixOf, type NewKeyMaterial } from "./api-key.js";
export { API_KEY_SCOPES, isScope, scopeAllows } from "./scopes.js";
export { authenticate, AuthenticationError, type Principal } from "./authenticate.js";
export { issueApiKey } from "./issue-key.js";
export { createAuthenticator, type AuthenticatorOptions } from "./authenticator.js";
