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
