import { createPostgresStore } from "@rectune/store";
import { describeStoreContract } from "@rectune/store/testing";
import { createTestDatabase } from "./helpers/db.js";

describeStoreContract("PostgreSQL", async () => createPostgresStore(await createTestDatabase(), { poolSize: 12 }));
