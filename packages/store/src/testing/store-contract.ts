import { afterAll, beforeAll, describe } from "vitest";
import type { Store } from "../contract/store.js";
import { accessContract } from "./access-contract.js";
import { browseContract } from "./browse-contract.js";
import { championContract } from "./champion-contract.js";
import { leaseContract } from "./lease-contract.js";
import { ledgerContract } from "./ledger-contract.js";
import { readsContract } from "./reads-contract.js";

/**
 * The store contract as tests, run on every implementation (the memory store as a unit test, the
 * PostgreSQL store as an integration test): what one store does, every store does. `create` is called
 * once; tests share the store and keep apart by creating their own studies.
 */
export function describeStoreContract(name: string, create: () => Promise<Store>): void {
  describe(`the store contract: ${name}`, () => {
    let store: Store | undefined;
    const current = (): Store => {
      if (!store) throw new Error("the store was not created");
      return store;
    };
    beforeAll(async () => {
      store = await create();
    });
    afterAll(async () => {
      await store?.close();
    });
    describe("TrialLease", () => leaseContract(current));
    describe("StudyLedger", () => ledgerContract(current));
    describe("StudyReads, StudyControl, WorkerRegistry", () => readsContract(current));
    describe("StudyBrowse", () => browseContract(current));
    describe("RefitLease, RefitLedger, ChampionReads", () => championContract(current));
    describe("AccessControl", () => accessContract(current));
  });
}
