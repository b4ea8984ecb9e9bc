export { envSchema, parseEnv, apiUrlOf, type Env } from "./env.js";
