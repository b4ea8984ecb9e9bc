// Module boundaries, checked by `npm run lint` (and so by `npm test` and CI). ESLint checks what a file
// may use (clock, randomness, the environment); this checks who may import whom.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Interfaces live in their own files; an implementation imports its interface, never the reverse.",
      from: {},
      to: { circular: true },
    },
    {
      name: "search-is-pure",
      severity: "error",
      comment:
        "packages/search reads a history and returns decisions: no Node built-ins (files, network, " +
        "processes, clock) and no library but zod.",
      from: { path: "^packages/search/src/", pathNot: "\\.test\\.ts$" },
      to: {
        dependencyTypes: ["core", "npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"],
        pathNot: "^node_modules/zod/",
      },
    },
    {
      name: "search-imports-no-package",
      severity: "error",
      comment: "packages/search is the bottom of the stack: it imports no other rectune package.",
      from: { path: "^packages/search/src/" },
      to: { path: "^(packages|apps)/", pathNot: "^packages/search/" },
    },
    {
      name: "only-store-imports-prisma",
      severity: "error",
      comment:
        "The Prisma client (and its generated code) is the store's implementation detail: callers use the store contract.",
      from: { pathNot: "^packages/store/src/" },
      to: { path: ["^node_modules/@prisma/", "^node_modules/prisma/", "/generated/prisma/"] },
    },
    {
      name: "drivers-only-in-datastore-code",
      severity: "error",
      comment:
        "pg and ioredis are imported by the store (PostgreSQL), the queue (BullMQ's Redis and PostgreSQL " +
        "backends), and by code whose subject is the datastore itself: the integration tests' setup and " +
        "raw-SQL helper, the embedded server's test, benches that measure the database.",
      from: {
        pathNot: [
          "^packages/store/src/",
          "^packages/queue/src/",
          "^test/setup/",
          "^test/helpers/(db|sql)\\.ts$",
          "^packages/embedded/src/[^/]+\\.test\\.ts$",
          "^packages/[^/]+/bench/",
        ],
      },
      to: { path: ["^node_modules/pg/", "^node_modules/ioredis/"] },
    },
    {
      name: "nothing-imports-apps",
      severity: "error",
      comment: "Apps are thin shells at the top: packages and tests use packages; tests start apps as processes.",
      from: { path: "^(packages/|test/)" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-import-no-other-app",
      severity: "error",
      comment: "Each app is its own process; what two apps share belongs in a package.",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "no-reaching-into-packages",
      severity: "error",
      comment:
        "Another package is imported by its name (@rectune/x, its exports map), never by a relative path " +
        "into its src/ or bench/: by packages, apps and the integration tests alike.",
      from: { path: "^(packages|apps|test)/([^/]+)" },
      to: { path: "^packages/", pathNot: "^$1/$2/", dependencyTypesNot: ["aliased-workspace"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve (a path past a package's exports map, a typo) is an error, not a skip.",
      from: {},
      to: { couldNotResolve: true },
    },
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
