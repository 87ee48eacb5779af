// @vitest-environment node
/**
 * The web app's only network calls are in its request core (lib/api/http.ts): ESLint refuses
 * `fetch`, `XMLHttpRequest` and `EventSource` anywhere else (eslint.config.mjs), and
 * scripts/test-frontend.sh runs ESLint over every source. These tests keep that rule honest:
 * it must catch each way of reaching the network, and must let the core itself through.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const frontend = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: frontend });

async function rulesBrokenBy(code: string, path: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: join(frontend, path) });
  return result!.messages.map((message) => message.ruleId);
}

const calls = [
  ['fetch("/api/documents")', "no-restricted-globals"],
  ['window.fetch("/api/documents")', "no-restricted-properties"],
  ['globalThis.fetch("/api/documents")', "no-restricted-properties"],
  ["new XMLHttpRequest()", "no-restricted-globals"],
  ['new EventSource("/api/documents/events")', "no-restricted-globals"],
] as const;

describe("the only fetch is in the request core", () => {
  it.each(calls)("refuses %s in a component, a hook or a lib module", async (call, rule) => {
    for (const path of ["components/example.tsx", "hooks/use-example.ts", "lib/api/client.ts"]) {
      expect(await rulesBrokenBy(`export const go = () => ${call};\n`, path)).toContain(rule);
    }
  });

  it.each(calls)("allows %s in lib/api/http.ts", async (call) => {
    expect(await rulesBrokenBy(`export const go = () => ${call};\n`, "lib/api/http.ts")).toEqual([]);
  });
}, 60_000);
