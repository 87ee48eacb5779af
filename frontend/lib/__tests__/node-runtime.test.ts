// @vitest-environment node
// The web app runs on the Node.js pinned in scripts/lib-node.sh (see README). On Node 20 and
// below, @supabase/supabase-js prints a deprecation warning every time the app starts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const frontend = fileURLToPath(new URL("../..", import.meta.url));
const pinned = /NODE_VERSION=(\S+)/.exec(
  readFileSync(fileURLToPath(new URL("../../../scripts/lib-node.sh", import.meta.url)), "utf8"),
)?.[1];

test("the tests run on the pinned Node.js", () => {
  expect(process.version).toBe(`v${pinned}`);
});

test("supabase-js loads and builds a client without any warning", () => {
  const script =
    "import('@supabase/supabase-js').then(({ createClient }) => {" +
    " createClient('http://127.0.0.1:9', 'anon-key'); console.log('client ready'); })";
  const run = spawnSync(process.execPath, ["-e", script], { cwd: frontend, encoding: "utf8" });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("client ready");
  expect(run.stderr).toBe("");
});
