#!/usr/bin/env node
/**
 * Generates lib/api/schema.d.ts from the FastAPI app's OpenAPI schema (generated,
 * never hand-copied). The schema comes straight from `create_app().openapi()`, so no server
 * needs to run.
 *
 *   node scripts/generate-api-types.mjs           write lib/api/schema.d.ts
 *   node scripts/generate-api-types.mjs --check   fail if the committed file is stale
 *   ... --schema path/to/openapi.json             use a saved schema instead of the backend
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const frontendDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const backendDir = join(frontendDir, "..", "backend");
const target = join(frontendDir, "lib", "api", "schema.d.ts");
const args = process.argv.slice(2);
const check = args.includes("--check");
const schemaIndex = args.indexOf("--schema");

function loadSchema() {
  if (schemaIndex !== -1) return JSON.parse(readFileSync(args[schemaIndex + 1], "utf8"));
  const dump =
    "import json; from app.main import create_app; print(json.dumps(create_app().openapi(), sort_keys=True))";
  const out = execFileSync("uv", ["run", "--frozen", "--quiet", "python", "-c", dump], {
    cwd: backendDir,
    encoding: "utf8",
    maxBuffer: 32 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out);
}

const header =
  "/**\n * GENERATED from the backend's OpenAPI schema by scripts/generate-api-types.mjs.\n" +
  " * Do not edit by hand: run `npm run api:types` after changing the API.\n */\n\n";
const generated = header + astToString(await openapiTS(loadSchema()));

if (check) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    /* missing counts as stale */
  }
  if (current !== generated) {
    console.error("lib/api/schema.d.ts is stale: run `cd frontend && npm run api:types` and commit it.");
    process.exit(1);
  }
  console.log("lib/api/schema.d.ts is up to date with the backend's OpenAPI schema.");
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
