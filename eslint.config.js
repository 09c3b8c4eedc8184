import js from "@eslint/js";
import tseslint from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";

/**
 * A relative specifier (./ or ../; esquery regexes cannot hold a "/", hence \u002F) that does not
 * end in a file extension (a Vite query such as ?worker&url may follow).
 */
const RELATIVE_WITHOUT_EXTENSION =
  "/^[.][.]?\\u002F(?!.*[.](ts|svelte|css|json|mjs|js|cjs)([?].*)?$)/";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "dist-single/",
      "node_modules/",
      "bench-results/",
      "test-output/",
      ".prof/",
      "test/fixtures/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "no-eval": "error",
      "no-new-func": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // one import style: a relative import names its file, extension included (`./x.ts`), as
    // the file is on disk
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "ImportDeclaration",
          "ExportNamedDeclaration",
          "ExportAllDeclaration",
          "ImportExpression",
        ].map((node) => ({
          selector: `${node}[source.value=${RELATIVE_WITHOUT_EXTENSION}]`,
          message: "a relative import names its file with its extension (./x.ts, not ./x)",
        })),
      ],
    },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // the engine is pure: it runs in Node, a worker and the page alike
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "**/ingest/**",
                "**/app/**",
                "**/ui/**",
                "**/pool/**",
                "**/cli/**",
                "**/workers/**",
              ],
              message:
                "the engine is pure: it may not import the app, the readers, the pool or the command line",
            },
            { group: ["node:*"], message: "the engine runs in browsers too: no Node modules" },
          ],
        },
      ],
    },
  },
  {
    // the workers, the readers and the pool serve the app: they never import it
    files: ["workers/**/*.ts", "src/ingest/**/*.ts", "src/pool/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/app/**", "**/ui/**"],
              message:
                "workers, ingest and pool serve the app: they may not import src/app or src/ui",
            },
          ],
        },
      ],
    },
  },
  {
    // components are clients of src/app; only src/app talks to workers
    files: ["src/ui/**/*.ts", "src/ui/**/*.svelte"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["**/workers/**"], message: "ui/ reaches workers through src/app" }],
        },
      ],
    },
  },
  {
    // tests build deliberately malformed documents
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
