// ESLint (flat config) with typescript-eslint's type-aware rules. What it is for: the promise mistakes
// the type checker lets through (a promise nobody awaits or catches becomes an unhandled rejection,
// which ends a Node process), plus the rules that keep the packages honest about what they may touch.
// Module boundaries (cycles, who imports whom) are dependency-cruiser's job: .dependency-cruiser.cjs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/generated/**",
      "**/dist/**",
      ".rectune/**",
      "apps/cli/bin/**",
      "eslint.config.js",
      ".dependency-cruiser.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      // One program for the whole repository: each file is type-checked once, not once per package.
      parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Promises: every one is awaited, returned, caught, or explicitly let go with `void`.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // Not require-await: an async function without await is how a function that must return a promise
      // turns its throws into rejections (objectives, test doubles); dropping `async` would change that.
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/prefer-promise-reject-errors": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-empty": ["error", { allowEmptyCatch: true }],
      // A variable assigned once, after a function that reads it was declared (signal handlers).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The dashboard runs in a browser (DOM, JSX): its own program, apps/dashboard/tsconfig.json, and the
    // same promise rules (a floating promise there is an unhandled rejection in the user's console).
    files: ["apps/dashboard/src/**/*.ts", "apps/dashboard/src/**/*.tsx", "apps/dashboard/vite.config.ts"],
    languageOptions: {
      parserOptions: { project: "./apps/dashboard/tsconfig.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Only apps read the environment (parsed once with @rectune/config); packages get plain values.
    // Bench scripts are entry points of their own, like apps.
    files: ["packages/*/src/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "only apps read the environment: take the value as an option" },
      ],
    },
  },
  {
    // The search package is pure: no clock, no randomness it was not given (a seeded Rng is passed in).
    files: ["packages/search/src/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "performance", message: "search is pure: no clock" },
        { name: "setTimeout", message: "search is pure: no timers" },
        { name: "setInterval", message: "search is pure: no timers" },
        { name: "process", message: "search is pure: no process state" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "search is pure: no clock" },
        { object: "Math", property: "random", message: "search is pure: use the seeded Rng it is given" },
        { object: "performance", property: "now", message: "search is pure: no clock" },
        { object: "process", property: "env", message: "only apps read the environment" },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "search is pure: no clock" },
      ],
    },
  },
);
