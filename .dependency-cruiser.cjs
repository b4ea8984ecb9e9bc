// Module boundaries, checked by `npm run lint` (and so by `npm test` and CI). ESLint checks what a file
// may use (clock, randomness, the environment); this checks who may import whom.
/** A rule every import must keep; all of them are errors, none a warning someone learns to ignore. */
const forbid = (name, comment, from, to) => ({ name, severity: "error", comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      "no-circular",
      "Interfaces live in their own files; an implementation imports its interface, never the reverse.",
      {},
      { circular: true },
    ),
    forbid(
      "search-is-pure",
      "packages/search reads a history and returns decisions: no Node built-ins (files, network, " +
        "processes, clock) and no library but zod.",
      { path: "^packages/search/src/", pathNot: "\\.test\\.ts$" },
      {
        dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        pathNot: "^node_modules/zod/",
      },
    ),
    forbid(
      "search-imports-no-package",
      "packages/search is the bottom of the stack: it imports no other rectune package.",
      { path: "^packages/search/src/" },
      { path: "^(packages|apps)/", pathNot: "^packages/search/" },
    ),
    forbid(
      "only-store-imports-prisma",
      "The Prisma client (and its generated code) is the store's implementation detail: callers use the store contract.",
      { pathNot: "^packages/store/src/" },
      { path: ["^node_modules/@prisma/", "^node_modules/prisma/", "/generated/prisma/"] },
    ),
    forbid(
      "drivers-only-in-datastore-code",
      "pg and ioredis are imported by the store (PostgreSQL), the queue (BullMQ's Redis and PostgreSQL " +
        "backends), and by code whose subject is the datastore itself: the integration tests' setup and " +
        "raw-SQL helper, the embedded server's test, benches that measure the database.",
      {
        pathNot: [
          "^packages/store/src/",
          "^packages/queue/src/",
          "^test/setup/",
          "^test/helpers/(db|sql)\\.ts$",
          "^packages/embedded/src/[^/]+\\.test\\.ts$",
          "^packages/[^/]+/bench/",
        ],
      },
      { path: ["^node_modules/pg/", "^node_modules/ioredis/"] },
    ),
    forbid(
      "nothing-imports-apps",
      "Apps are thin shells at the top: packages and tests use packages; tests start apps as processes.",
      { path: "^(packages/|test/)" },
      { path: "^apps/" },
    ),
    forbid(
      "apps-import-no-other-app",
      "Each app is its own process; what two apps share belongs in a package.",
      { path: "^apps/([^/]+)/" },
      { path: "^apps/", pathNot: "^apps/$1/" },
    ),
    forbid(
      "no-reaching-into-packages",
      "Another package is imported by its name (@rectune/x, its exports map), never by a relative path " +
        "into its src/ or bench/: by packages, apps and the integration tests alike.",
      { path: "^(packages|apps|test)/([^/]+)" },
      { path: "^packages/", pathNot: "^$1/$2/", dependencyTypesNot: ["aliased-workspace"] },
    ),
    forbid(
      "not-to-unresolvable",
      "An import that does not resolve (a path past a package's exports map, a typo) is an error, not a skip.",
      {},
      { couldNotResolve: true },
    ),
  ],
  options: {
    doNotFollow: { path: ["node_modules"] },
    // Build output (`npm run build`) is checked as its sources.
    exclude: { path: ["/generated/", "/dist/", "node_modules/.+/node_modules"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      // .tsx: the dashboard's modules, imported without an extension (Vite's bundler resolution).
      extensions: [".ts", ".tsx", ".js", ".json", ".d.ts"],
    },
    combinedDependencies: true,
  },
};
