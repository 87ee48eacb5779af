/**
 * A person's whole session in a real browser: sign in, drop two files, watch them live, retry,
 * regenerate, open and delete, and a second person who sees none of it.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, expect, type Locator, type Page, type Response, test } from "@playwright/test";
import { corruptPdf, textPdf } from "./pdf";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "test-results", "screenshots");
const readmeScreenshot = join(here, "..", "..", "docs", "screenshot.png");
mkdirSync(artifacts, { recursive: true });
mkdirSync(dirname(readmeScreenshot), { recursive: true });

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

/** The server's card for one document: never the upload card of the same file, whatever the moment. */
const docCard = (page: Page, id: string): Locator => page.locator(`article[data-document-id="${id}"]`);

/** The ids the API answered for each file name (202 responses of the upload). */
function recordAcceptedUploads(page: Page) {
  const accepted: Record<string, string> = {};
  const onResponse = async (response: Response) => {
    if (response.request().method() !== "POST" || !response.url().endsWith("/api/document/upload")) return;
    if (response.status() !== 202) return;
    const body = (await response.json()) as { document_id: string; filename: string };
    accepted[body.filename] = body.document_id;
  };
  page.on("response", onResponse);
  return {
    /** Waits until every name has its id; then stops listening. */
    async ids(names: string[]): Promise<Record<string, string>> {
      await expect
        .poll(() => Object.keys(accepted).sort(), { message: "the API accepted every dropped file", timeout: 60_000 })
        .toEqual([...names].sort());
      page.off("response", onResponse);
      return accepted;
    },
  };
}

test.describe.configure({ mode: "serial" });

let browser: Browser;
let page: Page;
const email = `ada+${Date.now()}@example.com`;
// Set by the first test from the API's answers; the later tests follow the same two documents.
let goodId = "";
let badId = "";

test.beforeAll(async ({ browser: shared }) => {
  browser = shared;
  page = await browser.newPage();
});
test.afterAll(async () => page.close());

test("dropping a good and a corrupt PDF shows both at once and follows them live", async () => {
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();
  const urlBefore = page.url();

  const uploads = recordAcceptedUploads(page);
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "acme-invoice.pdf", mimeType: "application/pdf", buffer: goodPdf },
    { name: "broken-scan.pdf", mimeType: "application/pdf", buffer: corruptPdf() },
  ]);
  // Both files show up at once, before any processing is done (as upload cards, or already as
  // the server's cards: which one this moment shows is a race the test does not depend on).
  await expect(page.getByRole("article")).toHaveCount(2);
  await page.screenshot({ path: join(artifacts, "01-just-dropped.png") });
  const ids = await uploads.ids(["acme-invoice.pdf", "broken-scan.pdf"]);
  goodId = ids["acme-invoice.pdf"] ?? "";
  badId = ids["broken-scan.pdf"] ?? "";

  const bad = docCard(page, badId);
  await expect(bad.getByRole("status")).toHaveText("Failed", { timeout: 60_000 });
  await expect(bad.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(bad).toContainText("damaged");

  // The good one ends "Ready" under the name the metadata step gave it.
  const good = docCard(page, goodId);
  await expect(good.getByRole("status")).toHaveText("Ready", { timeout: 60_000 });
  await expect(good.getByRole("list", { name: "Tags" }).getByRole("listitem").first()).toBeVisible({ timeout: 60_000 });
  await expect(good.getByRole("heading")).not.toHaveText("acme-invoice.pdf");
  await expect(good).toContainText("acme-invoice.pdf"); // the file name stays beside the new title
  await expect(good.locator(".card__summary")).toContainText(/ACME/i);
  await expect(good.getByRole("button", { name: "Regenerate" })).toBeVisible();

  // One card per file in the end: each upload card gave way to the server's card.
  await expect(page.locator("article[data-phase]")).toHaveCount(0);
  await expect(page.getByRole("article")).toHaveCount(2);

  expect(page.url()).toBe(urlBefore); // all of that without navigating or reloading
  await page.screenshot({ path: join(artifacts, "02-ready-and-failed.png"), fullPage: true });
});

test("Retry sends the failed document back through processing", async () => {
  const bad = docCard(page, badId);
  // The card's "Uploading"/"Extracting" moment may be too short to render (a damaged file fails
  // again within milliseconds), so the proof it went back is the API's answer, not a glimpse.
  const retried = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().endsWith("/api/document/retry-ocr"),
  );
  await bad.getByRole("button", { name: "Retry" }).click();
  const answer = await retried;
  expect(answer.status()).toBe(202);
  expect(await answer.json()).toMatchObject({ document_id: badId, status: "uploading" });
  await expect(bad.getByRole("status")).toHaveText("Failed", { timeout: 60_000 });
  await expect(bad).toContainText("damaged");
  await expect(bad.getByRole("button", { name: "Retry" })).toBeEnabled();
});

test("Regenerate streams the agent's steps and ends with new metadata", async () => {
  const good = docCard(page, goodId);
  await good.getByRole("button", { name: "Regenerate" }).click();
  const agent = good.getByRole("region", { name: "Metadata agent" });
  await expect(agent.getByText(/^Tool: /).first()).toBeVisible();
  await expect(agent.getByText("New metadata:")).toBeVisible({ timeout: 60_000 });
  await expect(agent.getByRole("listitem").filter({ hasText: /invoice/i }).first()).toBeVisible();
  await page.screenshot({ path: join(artifacts, "03-regenerated.png"), fullPage: true });
  await agent.getByRole("button", { name: "Close" }).click();
  await page.screenshot({ path: readmeScreenshot, clip: { x: 0, y: 0, width: 1280, height: 640 } });
});

test("the detail view shows the text, tags and history; delete asks first", async () => {
  await docCard(page, goodId).getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/documents/${goodId}$`));
  await expect(page.locator(".markdown")).toContainText("Total due: 4200.00 EUR");
  await expect(page.getByRole("list", { name: "Tags" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download original" })).toBeVisible();
  await expect(page.getByText(/Ready/).first()).toBeVisible();
  await page.screenshot({ path: join(artifacts, "04-detail.png"), fullPage: true });

  await page.getByRole("link", { name: "All documents" }).click();
  await docCard(page, badId).getByRole("link", { name: "broken-scan.pdf" }).click();
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
