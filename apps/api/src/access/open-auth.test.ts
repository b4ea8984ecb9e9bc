import { describe, expect, it } from "vitest";
import { isLoopback, refuseOpenAuth } from "./open-auth.js";

describe("refuseOpenAuth", () => {
  it("allows auth off only on loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) {
      expect(isLoopback(host)).toBe(true);
      expect(refuseOpenAuth("off", host)).toBeUndefined();
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "example.com"]) {
      expect(isLoopback(host)).toBe(false);
      expect(refuseOpenAuth("off", host)).toMatch(/non-loopback address.*RECTUNE_AUTH=keys/);
      expect(refuseOpenAuth("keys", host)).toBeUndefined();
    }
  });
});
