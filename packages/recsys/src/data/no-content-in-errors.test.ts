import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGenericInteractions } from "./generic.js";
import { readMovieLensRatings } from "./movielens.js";

/** A file that is not a ratings file at all: its errors must name it, never quote it. */
const SECRET = "root:$6$hidden-hash:19000:0:99999:7:::";

describe("data-file errors never quote the file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rectune-leak-"));
    await writeFile(join(dir, "shadow"), `${SECRET}\nuser:x:1\n`);
    await writeFile(join(dir, "quoted.csv"), `user,item\n1,"${SECRET}\n`);
    await writeFile(join(dir, "bad.csv"), `userId,movieId,rating,timestamp\n1,2,${SECRET},4\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("says what was expected, the file and the line, and nothing of what it holds", async () => {
    const messages = await Promise.all([
      readMovieLensRatings(join(dir, "shadow"), "ml-latest").catch((e: Error) => e.message),
      readMovieLensRatings(join(dir, "bad.csv"), "ml-latest").catch((e: Error) => e.message),
      readGenericInteractions(join(dir, "shadow"), "csv", { user: "user", item: "item" }).catch(
        (e: Error) => e.message,
      ),
      readGenericInteractions(join(dir, "quoted.csv"), "csv", { user: "user", item: "item" }).catch(
        (e: Error) => e.message,
      ),
    ]);
    expect(messages[0]).toMatch(/shadow:1: expected the header "userId,movieId,rating,timestamp"/);
    expect(messages[1]).toMatch(/bad.csv:2: expected a number as the rating in column 3/);
    for (const message of messages) {
      expect(message).not.toContain("hidden-hash");
      expect(message).not.toContain("root:");
    }
  });
});
