export { envSchema, parseEnv, apiUrlOf, dataRootsOf, requireDatabaseUrl, type Env } from "./env.js";
