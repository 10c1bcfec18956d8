// ESLint flat config: JavaScript's and typescript-eslint's recommended rules. Formatting is Prettier's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "docs/api/", "node_modules/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // Unused parameters keep their place in a signature (verify forms, Express handlers) when prefixed with _.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // `import x = require()` keeps emitted declarations usable without esModuleInterop.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true }],
    },
  },
  {
    // passport-attio/testing is the other side of the wire: Node and its own files only.
    files: ["src/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!node:|\\./)", message: "The Attio sandbox imports only node: modules and its own files." }] },
      ],
    },
  },
  {
    // The strategy must not load the sandbox: importing passport-attio stays free of it.
    files: ["src/**"],
    ignores: ["src/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)testing(/|$)", message: "Only passport-attio/testing loads the sandbox." }] },
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Type tests and consumer fixtures declare values only to inspect their types.
    files: ["test/types/**", "test/ecosystem/consumer/**"],
    rules: { "@typescript-eslint/no-unused-expressions": "off", "@typescript-eslint/no-namespace": "off" },
  },
);
