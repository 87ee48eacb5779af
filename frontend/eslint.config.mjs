/**
 * ESLint (flat config): Next's own rules (`eslint-config-next`: core web vitals, React, the
 * React hooks rules, TypeScript through typescript-eslint), plus one rule of ours: the web app's
 * only network calls are in the request core (lib/api/http.ts), so every request shares the
 * token, the error type and the 401 policy. Run by scripts/test-frontend.sh (`make test`);
 * `npm run lint` runs it alone.
 */
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const requestCore = "lib/api/http.ts";
const outsideTheCore = "only the request core (lib/api/http.ts) talks to the network; use the ApiClient (lib/api/client.ts)";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    // Generated (npm run api:types, scripts/test-db.sh --update-types).
    "lib/api/schema.d.ts",
    "lib/database.types.ts",
  ]),
  {
    rules: {
      // A leading underscore marks a value left out on purpose (`const { a: _a, ...rest } = x`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Thumbnails and previews are blob: URLs fetched with the token; next/image cannot load them.
      "@next/next/no-img-element": "off",
    },
  },
  {
    files: ["**/*.{ts,tsx,js,jsx,mjs}"],
    ignores: [requestCore, "e2e/**", "scripts/**", "*.config.{ts,mjs}"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: outsideTheCore },
        { name: "XMLHttpRequest", message: outsideTheCore },
        { name: "EventSource", message: outsideTheCore },
      ],
      "no-restricted-properties": [
        "error",
        ...["window", "globalThis", "self"].flatMap((object) =>
          ["fetch", "XMLHttpRequest", "EventSource"].map((property) => ({ object, property, message: outsideTheCore })),
        ),
      ],
    },
  },
]);
