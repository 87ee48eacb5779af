import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium against real services. scripts/test-e2e.sh starts the API
 * and the production web build and passes WEB_URL; nothing here downloads a browser.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.WEB_URL ?? "http://127.0.0.1:3000",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    // A click or a reload that cannot happen fails on its own, naming what it waited for, instead
    // of silently using up the whole test's time (a page that drew nothing for 87 s on a busy
    // machine showed only as "test timeout"). Generous: a loaded machine is slow, not broken.
    actionTimeout: 30_000,
    navigationTimeout: 45_000,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
