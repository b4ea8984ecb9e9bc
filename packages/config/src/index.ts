export {
  envSchema,
  parseEnv,
  apiUrlOf,
  dataRootsOf,
  SHARED_DATASETS_DIR,
  requireDatabaseUrl,
  type Env,
} from "./env.js";
