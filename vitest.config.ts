import { defineConfig } from "vitest/config";

// Unit tests live next to the code; integration tests in test/ run against the real PostgreSQL and
// Redis, each run in its own database and key prefix (see test/setup/global.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "packages/*/bench/**/*.test.ts", "apps/*/src/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/setup/global.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The integration suites start processes and share one machine's two cores: run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
