export { envSchema, parseEnv, apiUrlOf, requireDatabaseUrl, type Env } from "./env.js";
