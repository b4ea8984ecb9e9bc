import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { wantsFresh } from "./leaderboard-http.js";

const request = (cacheControl?: string) =>
  ({ headers: cacheControl === undefined ? {} : { "cache-control": cacheControl } }) as IncomingMessage;

describe("wantsFresh (Cache-Control request directives)", () => {
  it("asks for a fresh read on no-cache or max-age=0, alone or among other directives, in any case", () => {
    expect(
      ["no-cache", "No-Cache", "max-age=0", "no-transform, no-cache", "max-age=0,no-store", " no-cache "].map((v) =>
        wantsFresh(request(v)),
      ),
    ).toEqual([true, true, true, true, true, true]);
  });

  it("accepts a kept answer otherwise: no header, other directives, or max-age above 0", () => {
    expect(
      [undefined, "", "no-store", "max-age=60", "max-age=00x", "no-cache-please", "max-stale"].map((v) =>
        wantsFresh(request(v)),
      ),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
