/**
 * The web app under real use: uploads that survive navigation, every document reachable, one
 * card per file through a 20-file drop, an expired session on each path (upload, list, feed,
 * search, edit), /docs offline, and
 * phone-width screenshots. Every wait is on a condition, never on time.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { corruptPdf, textPdf } from "./pdf";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "test-results", "screenshots");
mkdirSync(artifacts, { recursive: true });
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:8000";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
}

async function apiToken(email: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/auth/local-token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(response.ok).toBe(true);
  const body: unknown = await response.json();
  if (typeof body !== "object" || body === null || !("access_token" in body) || typeof body.access_token !== "string") {
    throw new Error("no token in the sign-in answer");
  }
  return body.access_token;
}

async function apiUpload(token: string, name: string, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
  const response = await fetch(`${apiUrl}/api/document/upload`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBe(202);
}

const cardsNamed = (page: Page, filename: string) => page.locator(`article[data-filename="${filename}"]`);
const uniqueEmail = (who: string) => `${who}+${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

test("an upload survives opening a document and coming back; reloading mid-upload asks first", async ({ page }) => {
  await signIn(page, uniqueEmail("nav"));
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "old-scan.pdf", mimeType: "application/pdf", buffer: corruptPdf() },
  ]);
  await expect(cardsNamed(page, "old-scan.pdf")).toHaveAttribute("data-status", "failed", { timeout: 60_000 });

  // Hold the next upload in the network until the test lets it go: it is in flight for as long
  // as the test needs, with no timing involved. An aborted XHR would never reach the server.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const requested = new Promise<void>((resolve) => (seen = resolve));
  await page.route("**/api/document/upload", async (route) => {
    seen();
    await held;
    await route.continue();
  });
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "contract.pdf", mimeType: "application/pdf", buffer: textPdf(["Service contract", "Signed in Lyon"]) },
  ]);
  await requested;
  await expect(cardsNamed(page, "contract.pdf")).toHaveCount(1);

  // Reload (here: closing the tab) while bytes are in flight asks first; staying keeps the page.
  await page.getByRole("heading", { name: "Your documents" }).click(); // a real gesture, as a person's
  const dialog = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const prompt = await dialog;
  expect(prompt.type()).toBe("beforeunload");
  await prompt.dismiss();
  expect(page.isClosed()).toBe(false);

  // Open another document while the upload is held, then go back.
  await cardsNamed(page, "old-scan.pdf").getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  // The document's page says the upload is still going, and leads back to it.
  await expect(page.getByTestId("uploads-status")).toContainText("Uploading 1 file");
  await expect(page.getByTestId("uploads-status").getByRole("link", { name: "See uploads" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
  await expect(cardsNamed(page, "contract.pdf")).toHaveCount(1); // still on its way

  release();
  await expect(cardsNamed(page, "contract.pdf")).toHaveAttribute("data-status", "ocr_complete", { timeout: 60_000 });
  await expect(cardsNamed(page, "contract.pdf")).toHaveCount(1);
});

test("a blank page says “No text found” on its card and its page, with no summary made up", async ({ page }) => {
  await signIn(page, uniqueEmail("blank"));
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "page_205.pdf", mimeType: "application/pdf", buffer: textPdf([]) },
  ]);
  const card = cardsNamed(page, "page_205.pdf");
  await expect(card).toHaveAttribute("data-status", "ocr_complete", { timeout: 60_000 });
  await expect(card.getByTestId("status")).toHaveText("No text found", { timeout: 30_000 });
  await expect(card.getByTestId("no-text-hint")).toBeVisible();
  // The title is the file name, plainly; no tags, no summary, and nothing to regenerate.
  await expect(card.getByRole("heading")).toHaveText("Page 205");
  await expect(card.locator(".card__summary")).toHaveCount(0);
  await expect(card.locator(".tag")).toHaveCount(0);
  await expect(card.getByRole("button", { name: /regenerate/i })).toHaveCount(0);

  await card.getByRole("heading").getByRole("link").click();
  await expect(page.getByTestId("status")).toHaveText("No text found");
  await expect(page.getByText("No text was found in this document.")).toBeVisible();
});

test("205 documents: all reachable with Load more, the count says 205; Delete works from a failed card", async ({ page }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("many");
  const token = await apiToken(email);
  const names = Array.from({ length: 205 }, (_, i) => `bulk-${String(i).padStart(3, "0")}.pdf`);
  for (let start = 0; start < names.length; start += 8) {
    await Promise.all(names.slice(start, start + 8).map((name) => apiUpload(token, name, corruptPdf())));
  }
  await signIn(page, email);
  // The first page is 50 cards; on a busy machine some older files are still being read, and
  // the live feed adds each one whose state changes, so there may be more than 50 already.
  await expect(page.getByTestId("list-count")).toHaveText(/^Showing \d+ of 205 documents$/);
  expect(await page.getByRole("article").count()).toBeGreaterThanOrEqual(50);
  while (await page.getByRole("button", { name: "Load more" }).isVisible()) {
    const before = await page.getByRole("article").count();
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => page.getByRole("article").count()).toBeGreaterThan(before);
  }
  // The count matches the cards; those still being read are counted, and said to be.
  await expect(page.getByTestId("list-count")).toHaveText(/^205 documents(, \d+ in progress)?$/);
  await expect(page.getByRole("article")).toHaveCount(205);
  for (const name of [names[0]!, names[204]!]) await expect(cardsNamed(page, name)).toHaveCount(1);

  // The oldest one failed (a damaged file): delete it from its card.
  const oldest = cardsNamed(page, names[0]!);
  await expect(oldest).toHaveAttribute("data-status", "failed", { timeout: 120_000 });
  await expect(oldest.getByRole("button", { name: "Upload a new copy" })).toBeVisible();
  await oldest.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete for good" }).click();
  await expect(cardsNamed(page, names[0]!)).toHaveCount(0);
  await expect(page.getByTestId("list-count")).toHaveText(/^204 documents(, \d+ in progress)?$/);
});

test("a 20-file drop: never two cards for one file, waiting files say Queued, the batch bar reaches 20 of 20", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, uniqueEmail("batch"));
  const files = Array.from({ length: 20 }, (_, i) => ({
    name: `letter-${String(i + 1).padStart(2, "0")}.pdf`,
    mimeType: "application/pdf",
    buffer: textPdf([`Letter number ${i + 1}`, "Dear Ada, thank you for the analytical engine notes."]),
  }));
  // Checked in the page on every DOM change and every 100 ms: cards per file, and the labels seen.
  await page.evaluate((names) => {
    const record = { doubles: [] as string[], labels: {} as Record<string, string[]> };
    (window as unknown as { cardAudit: typeof record }).cardAudit = record;
    const check = () => {
      for (const name of names) {
        const cards = document.querySelectorAll(`article[data-filename="${name}"]`);
        if (cards.length > 1) record.doubles.push(`${name} ×${cards.length}`);
        const label = cards[0]?.querySelector(".status__text")?.textContent ?? "";
        const seen = (record.labels[name] ??= []);
        if (label && seen.at(-1) !== label) seen.push(label);
      }
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    setInterval(check, 100);
  }, files.map((file) => file.name));
  const audit = () =>
    page.evaluate(() => (window as unknown as { cardAudit: { doubles: string[]; labels: Record<string, string[]> } }).cardAudit);

  await page.getByLabel("Choose files to upload").setInputFiles(files);
  const bar = page.getByTestId("batch-bar");
  await expect(bar).toContainText("of 20 ready");
  await expect(bar).toContainText("20 of 20 ready", { timeout: 180_000 });
  for (const file of files) await expect(cardsNamed(page, file.name)).toHaveCount(1);

  const { doubles, labels } = await audit();
  expect(doubles).toEqual([]);
  const all = Object.values(labels).flat();
  expect(all).toContain("Queued");
  // "Uploading n %" only ever comes before everything else a card says.
  for (const seen of Object.values(labels)) {
    const lastUploading = seen.findLastIndex((label) => label.startsWith("Uploading"));
    const firstOther = seen.findIndex((label) => !label.startsWith("Uploading"));
    if (lastUploading !== -1 && firstOther !== -1) expect(lastUploading).toBeLessThan(firstOther);
  }
  await page.screenshot({ path: join(artifacts, "10-batch-of-20.png"), fullPage: false });
});

/** Runs in the page (it closes over nothing): the stored token keeps its shape and expiry, but
 * its signature no longer matches, so the API answers 401. */
function spoilStoredToken(): void {
  const raw = window.localStorage.getItem("docstream.session");
  if (!raw) throw new Error("no session");
  const session = JSON.parse(raw) as { token: string };
  session.token = session.token.slice(0, -4) + (session.token.endsWith("AAAA") ? "BBBB" : "AAAA");
  window.localStorage.setItem("docstream.session", JSON.stringify(session));
}

test("an expired token on the upload and on page load (list and feed) signs out, with a message", async ({ page }) => {
  await signIn(page, uniqueEmail("expired"));
  const spoil = () => page.evaluate(spoilStoredToken);
  const message = page.getByRole("alert").filter({ hasText: "Your session has expired" });

  const unauthorised: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 401) unauthorised.push(new URL(response.url()).pathname);
  });

  // The upload (XHR) path.
  await expect(page.getByTestId("connection")).toHaveText("Live");
  await spoil();
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "late.pdf", mimeType: "application/pdf", buffer: textPdf(["Late"]) },
  ]);
  await expect(page).toHaveURL(/\/login$/);
  await expect(message).toBeVisible();
  expect(unauthorised).toEqual(["/api/document/upload"]);

  // The list (fetch) and the feed (SSE) paths: both run on page load with the spoiled token.
  // The token is spoiled as the reloaded page starts, before its scripts run. Spoiled while the
  // signed-in page is still open, one of that page's own requests (its feed connecting, its
  // list) could meet the 401 first and sign out there; the reload would then open a fresh
  // /login, without the message (it lives in the page's memory), and the test would fail.
  await signIn(page, uniqueEmail("expired2"));
  unauthorised.length = 0;
  await page.addInitScript({
    content: `if (!sessionStorage.getItem("spoiled")) {
      sessionStorage.setItem("spoiled", "1"); // this reload only
      (${spoilStoredToken.toString()})();
    }`,
  });
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  await expect(message).toBeVisible();
  expect(unauthorised.length).toBeGreaterThan(0);
  // That the feed stops on a 401 instead of retrying is shown by the vitest suite
  // (use-documents.sse.test.tsx), where the reconnects can be counted without waiting.
});

test("an expired token on a search and on an edit signs out too, with a message", async ({ page }) => {
  const message = page.getByRole("alert").filter({ hasText: "Your session has expired" });
  const unauthorised: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 401) unauthorised.push(new URL(response.url()).pathname);
  });

  // A search (GET /api/documents?q=…), typed once the page is live and quiet.
  await signIn(page, uniqueEmail("expired-search"));
  await expect(page.getByTestId("connection")).toHaveText("Live");
  await page.evaluate(spoilStoredToken);
  await page.getByRole("searchbox", { name: "Search documents" }).fill("invoice");
  await expect(page).toHaveURL(/\/login$/);
  await expect(message).toBeVisible();
  expect(unauthorised).toEqual(["/api/documents"]);

  // An edit (PATCH /api/documents/{id}) on a document's page, once everything it loads is in.
  await signIn(page, uniqueEmail("expired-edit"));
  unauthorised.length = 0;
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "torn.pdf", mimeType: "application/pdf", buffer: corruptPdf() },
  ]);
  const card = cardsNamed(page, "torn.pdf");
  await expect(card).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  const id = await card.getAttribute("data-document-id");
  const loaded = (path: string) => page.waitForResponse((response) => new URL(response.url()).pathname === path);
  const detailLoaded = Promise.all([
    loaded(`/api/documents/${id}`),
    loaded(`/api/documents/${id}/events`),
    loaded(`/api/documents/${id}/file`),
  ]);
  await card.getByRole("link", { name: "torn.pdf" }).click();
  await detailLoaded;
  const title = page.getByRole("textbox", { name: "Title", exact: true });
  // Opening the editor is local (no request): on a busy machine a click can land before the
  // page's handlers are attached, so click again until the field is open. The token is
  // spoiled only then, right before the edit: spoiled earlier, any request the page makes
  // while a loaded machine opens the editor (a feed's reconnect) signs out first, and the
  // editor is never there to open.
  await expect(async () => {
    await page.getByRole("button", { name: "Edit title" }).click();
    await expect(title).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.evaluate(spoilStoredToken);
  await title.fill("Torn scan");
  await title.press("Enter");
  await expect(page).toHaveURL(/\/login$/);
  await expect(message).toBeVisible();
  expect(unauthorised).toEqual([`/api/documents/${id}`]);
});

test("/docs renders with the network blocked (Swagger UI from the API itself)", async ({ browser }) => {
  const context = await browser.newContext();
  const api = new URL(apiUrl);
  await context.route("**/*", (route) =>
    new URL(route.request().url()).host === api.host ? route.continue() : route.abort("internetdisconnected"),
  );
  const page = await context.newPage();
  await page.goto(`${apiUrl}/docs`);
  await expect(page.locator(".swagger-ui .info .title")).toContainText("Docstream API", { timeout: 30_000 });
  await expect(page.getByText("/api/documents/{document_id}/events").first()).toBeVisible();
  await page.screenshot({ path: join(artifacts, "11-docs-offline.png") });
  await context.close();
});

test("phone width: the list and a document's page", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, uniqueEmail("phone"));
  // A touch screen: nothing to drop on, so no "Drop … or click"; two buttons in a compact strip
  // that leaves most of the first screen to the documents.
  const upload = page.getByRole("group", { name: "Upload documents" });
  await expect(upload.getByRole("button", { name: "Choose files", exact: true })).toBeVisible();
  await expect(upload.getByRole("button", { name: "Take a photo" })).toBeVisible();
  await expect(upload).not.toContainText(/drop|click/i);
  const box = await upload.boundingBox();
  expect(box?.height ?? Infinity).toBeLessThan(844 * 0.2);
  const chooser = page.waitForEvent("filechooser");
  await upload.getByRole("button", { name: "Choose files", exact: true }).click();
  await (await chooser).setFiles([
    { name: "receipt.pdf", mimeType: "application/pdf", buffer: textPdf(["Receipt 4471", "Bakery Dupont, Lyon", "Total 12.40 EUR"]) },
    { name: "torn.pdf", mimeType: "application/pdf", buffer: corruptPdf() },
  ]);
  await expect(cardsNamed(page, "receipt.pdf")).toHaveAttribute("data-status", "ocr_complete", { timeout: 60_000 });
  // Regenerate is offered once the title and tags exist.
  await expect(cardsNamed(page, "receipt.pdf").getByTestId("status")).toHaveText("Ready", { timeout: 60_000 });
  await expect(cardsNamed(page, "torn.pdf")).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
  await expect(page.getByTestId("connection")).toHaveText("Live");
  await expect(page.locator(".header__email")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(artifacts, "20-phone-list.png"), fullPage: true });

  await cardsNamed(page, "receipt.pdf").getByRole("heading").getByRole("link").click();
  await expect(page.locator(".markdown")).toContainText("Receipt 4471");
  // No empty PDF frame on a phone: the first page as an image.
  await expect(page.getByRole("img", { name: "First page of receipt.pdf" })).toBeVisible();
  await expect(page.locator("iframe")).toHaveCount(0);
  // Delete is there, but not the loudest thing: outlined, after the main action.
  const buttons = page.locator(".detail .actions > button");
  await expect(buttons.last()).toHaveText("Delete");
  await expect(buttons.first()).toHaveText("Regenerate");
  await page.screenshot({ path: join(artifacts, "21-phone-detail.png"), fullPage: true });
  await context.close();
});
