/**
 * A person's whole session in a real browser: sign in, drop two files, watch them live, retry,
 * regenerate, open and delete, and a second person who sees none of it.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { corruptPdf, textPdf } from "./pdf";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "test-results", "screenshots");
// The README's picture (docs/screenshot.png, tracked) is rewritten only when asked for:
// `make screenshot` (UPDATE_SCREENSHOT=1). Otherwise the same shot lands with the artifacts.
const readmeScreenshot = process.env.UPDATE_SCREENSHOT === "1"
  ? join(here, "..", "..", "docs", "screenshot.png")
  : join(artifacts, "readme-screenshot.png");
mkdirSync(artifacts, { recursive: true });

const goodPdf = textPdf([
  "Invoice 2026-117 from ACME Corporation",
  "Billed to Ada Lovelace, 12 Marylebone Road, London",
  "Consulting services for the analytical engine, January 2026",
  "Total due: 4200.00 EUR by 31 January 2026",
  "Thank you for your business.",
]);

async function signIn(page: Page, email: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const input = page.getByLabel("Email");
  await expect(input).toHaveAttribute("type", "email");
  await input.fill(email);
  await input.press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
}

const card = (page: Page, name: string | RegExp): Locator =>
  page.getByRole("article").filter({ has: page.getByRole("heading", { name }) });

test.describe.configure({ mode: "serial" });

let browser: Browser;
let page: Page;
const email = `ada+${Date.now()}@example.com`;

test.beforeAll(async ({ browser: shared }) => {
  browser = shared;
  page = await browser.newPage();
});
test.afterAll(async () => page.close());

test("dropping a good and a corrupt PDF shows both at once and follows them live", async () => {
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();
  const urlBefore = page.url();

  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "acme-invoice.pdf", mimeType: "application/pdf", buffer: goodPdf },
    { name: "broken-scan.pdf", mimeType: "application/pdf", buffer: corruptPdf() },
  ]);
  // Both cards show up right away, before any processing is done.
  await expect(page.getByRole("article")).toHaveCount(2, { timeout: 5_000 });
  await page.screenshot({ path: join(artifacts, "01-just-dropped.png") });

  const bad = card(page, "broken-scan.pdf");
  await expect(bad.getByTestId("status")).toHaveText("Failed", { timeout: 60_000 });
  await expect(bad.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(bad.getByRole("button", { name: "Upload a new copy" })).toBeVisible();
  await expect(bad.getByRole("button", { name: "Delete" })).toBeVisible();
  await expect(bad).toContainText("damaged");
  // The hint (what to do) reads under the error (what happened), never set larger than it.
  const size = (l: Locator) => l.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(await size(bad.getByTestId("failure-hint"))).toBeLessThanOrEqual(await size(bad.locator(".error-text")));

  // The good one ends "Ready" under the name the metadata step gave it.
  const good = page.getByRole("article").filter({ hasText: "acme-invoice.pdf" });
  await expect(good.getByTestId("status")).toHaveText("Ready", { timeout: 60_000 });
  await expect(good.getByRole("list", { name: "Tags" }).getByRole("listitem").first()).toBeVisible({ timeout: 60_000 });
  await expect(good.getByRole("heading")).not.toHaveText("acme-invoice.pdf");
  await expect(good.locator(".card__summary")).toContainText(/ACME/i);
  await expect(good.getByRole("button", { name: "Regenerate" })).toBeVisible();

  expect(page.url()).toBe(urlBefore); // all of that without navigating or reloading
  await page.screenshot({ path: join(artifacts, "02-ready-and-failed.png"), fullPage: true });
});

test("Retry runs a new attempt and says how it ended", async () => {
  const bad = card(page, "broken-scan.pdf");
  await bad.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Trying “broken-scan.pdf” again." })).toBeVisible();
  // A damaged file fails again within milliseconds (the in-between states may never paint), so
  // the card itself says that the new attempt ran, and how it ended; a toast says it too.
  await expect(bad.getByTestId("retry-result")).toHaveText(/^Tried again at .+ — still failing\.$/);
  await expect(bad.getByTestId("status")).toHaveText("Failed");
  await expect(page.getByTestId("toast").filter({ hasText: "“broken-scan.pdf” failed again" })).toBeVisible();
  // The stored timeline shows both attempts.
  await bad.getByRole("heading").getByRole("link").click();
  const history = page.getByRole("list", { name: "Status history" });
  await expect(history).toContainText("Queued again");
  await expect(history.getByRole("listitem").filter({ hasText: /^.*Failed: / })).toHaveCount(2);
  await page.getByRole("link", { name: "All documents" }).click();
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
});

test("Regenerate streams the agent's steps and ends with new metadata", async () => {
  const good = page.getByRole("article").filter({ hasText: "acme-invoice.pdf" });
  await good.getByRole("button", { name: "Regenerate" }).click();
  const agent = good.getByRole("region", { name: "Metadata agent" });
  await expect(agent.getByText("Reading the document")).toBeVisible();
  await expect(agent.getByText("New metadata:")).toBeVisible({ timeout: 60_000 });
  // The type and the sender are facts: they make the title, and the tags say what it is about.
  await expect(agent).toContainText("Invoice – ACME Corporation");
  await expect(agent.getByRole("listitem").filter({ hasText: /consulting|analytical engine/i }).first()).toBeVisible();
  await expect(agent).not.toContainText(/read_ocr|save_metadata|Tool:/); // tool names stay in the log
  await page.screenshot({ path: join(artifacts, "03-regenerated.png"), fullPage: true });
  await agent.getByRole("button", { name: "Close" }).click();
  await page.screenshot({ path: readmeScreenshot, clip: { x: 0, y: 0, width: 1280, height: 640 } });
});

test("the detail view shows the text, tags and history; delete asks first", async () => {
  await page.getByRole("article").filter({ hasText: "acme-invoice.pdf" }).getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  await expect(page.locator(".markdown")).toContainText("Total due: 4200.00 EUR");
  await expect(page.getByRole("list", { name: "Tags" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download original" })).toBeVisible();
  await expect(page.getByText(/Ready/).first()).toBeVisible();
  // The stored timeline, with the upload time, the same after a reload.
  const history = page.getByRole("list", { name: "Status history" });
  await expect(history.getByRole("listitem").first()).toContainText("Uploaded");
  await page.reload();
  await expect(history.getByRole("listitem").first()).toContainText("Uploaded");
  await expect(history).toContainText("Text extraction started");
  await expect(history).toContainText("Text extracted");
  await expect(history).toContainText("Title, tags and summary saved");
  await expect(page.getByText(/uploaded /)).toBeVisible();
  await page.screenshot({ path: join(artifacts, "04-detail.png"), fullPage: true });

  await page.getByRole("link", { name: "All documents" }).click();
  await card(page, "broken-scan.pdf").getByRole("link", { name: "broken-scan.pdf" }).click();
  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Delete “broken-scan.pdf”?");
  await dialog.getByRole("button", { name: "Delete for good" }).click();
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
});

test("fits a phone screen, in dark mode too", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.getByRole("article")).toHaveCount(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(14, 14, 18)");
  await page.screenshot({ path: join(artifacts, "06-phone-dark.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.emulateMedia({ colorScheme: "light" });
});

test("a file the server refuses says why, beside the file", async () => {
  // Named like an image, so the browser's own check lets it through; the server sniffs the bytes.
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text, not an image\n") },
  ]);
  const refused = page.getByRole("article", { name: "notes.png" });
  await expect(refused.getByRole("alert")).toContainText("Unsupported file type");
  await page.screenshot({ path: join(artifacts, "07-refused-upload.png") });
  await refused.getByRole("button", { name: "Dismiss" }).click();
  await expect(refused).toHaveCount(0);
});

test("a second user sees none of the first user's documents", async () => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, `grace+${Date.now()}@example.com`);
  await expect(otherPage.getByRole("heading", { name: "No documents yet" })).toBeVisible();
  await expect(otherPage.getByRole("article")).toHaveCount(0);
  await otherPage.screenshot({ path: join(artifacts, "05-second-user.png") });

  // The first user's live updates keep flowing to them only.
  await page.reload();
  await expect(page.getByRole("article")).toHaveCount(1);
  await other.close();
});
