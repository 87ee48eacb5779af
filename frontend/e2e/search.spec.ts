/**
 * Finding documents again, in a real browser: search as you type (in the URL, highlighted,
 * surviving a reload), a tag filter, an inline edit seen live in a second tab and kept by
 * Regenerate, and a CSV export of the result set. Every wait is on a visible condition.
 */
import { readFileSync } from "node:fs";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { textPdf } from "./pdf";

test.describe.configure({ mode: "serial" });

const harbour = textPdf([
  "Harbour maintenance log for the western pier",
  "Inspection of the mooring lines and the pump station",
  "Replace the flux capacitor gasket before the spring tide",
  "Signed by the harbour master",
]);
const bill = textPdf([
  "Electricity bill for March 2026",
  "Meter reading and tariff for the flat on Elm Street",
  "Total due: 84.20 EUR",
]);

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  // One context: a second tab shares the sign-in, like a person's second tab.
  context = await browser.newContext();
  page = await context.newPage();
});
test.afterAll(async () => context.close());

const results = (p: Page) => p.getByRole("region", { name: "Search results" });
const found = (p: Page) => results(p).getByText(/^(\d+ documents? found|Searching…)$/);

test("search as you type: in the URL, highlighted, and it survives a reload", async () => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const stamp = Date.now();
  await page.getByLabel("Email").fill(`Grace+${stamp}@Example.com`);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
  // The account as the API stores it, not as typed.
  await expect(page.locator(".header__email")).toHaveText(`grace+${stamp}@example.com`);

  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "pier-log.pdf", mimeType: "application/pdf", buffer: harbour },
    { name: "march-bill.pdf", mimeType: "application/pdf", buffer: bill },
  ]);
  // Both read and named: each card offers Regenerate once its metadata is complete.
  const articles = page.getByRole("article");
  await expect(articles).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Regenerate" })).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByRole("button", { name: "Regenerate" }).first()).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByRole("button", { name: "Regenerate" }).last()).toBeEnabled({ timeout: 90_000 });

  await page.getByRole("searchbox", { name: "Search documents" }).pressSequentially("gasket", { delay: 40 });
  await expect(page).toHaveURL(/[?&]q=gasket/);
  await expect(found(page)).toHaveText("1 document found");
  await expect(results(page).locator("mark").first()).toHaveText("gasket");
  await expect(results(page).getByRole("article")).toHaveCount(1);

  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search documents" })).toHaveValue("gasket");
  await expect(results(page).locator("mark").first()).toHaveText("gasket");

  // The hit says which page its match is on, and opens the document there.
  const pageLink = results(page).getByRole("link", { name: /at page 1$/ });
  await expect(pageLink).toHaveText("page 1");
  await pageLink.click();
  await expect(page).toHaveURL(/\/documents\/[^/?]+\?page=1$/);
  await expect(page.locator('iframe[src$="#page=1"]').or(page.getByText("Look at page 1."))).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("searchbox", { name: "Search documents" })).toHaveValue("gasket");

  // Web-search syntax: an exclusion empties it, clearing the box brings the whole list back.
  await page.getByRole("searchbox", { name: "Search documents" }).fill("gasket -harbour");
  await expect(found(page)).toHaveText("0 documents found");
  await page.getByRole("searchbox", { name: "Search documents" }).fill("");
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(page.getByRole("article")).toHaveCount(2);
});

test("a tag chip filters the list", async () => {
  await page.getByRole("searchbox", { name: "Search documents" }).fill("electricity");
  const result = results(page).getByRole("article");
  await expect(result).toHaveCount(1);
  const chip = result.getByRole("button").first();
  const tag = (await chip.textContent())?.trim() ?? "";
  await chip.click();
  await expect(page).toHaveURL(/[?&]tag=/);
  await page.getByRole("searchbox", { name: "Search documents" }).fill("");
  await expect(page.getByRole("button", { name: `Stop filtering by tag ${tag}` })).toBeVisible();
  await expect(results(page).getByRole("article")).toHaveCount(1);
  await expect(results(page).getByRole("heading")).not.toContainText(/harbour|pier/i);
  await page.getByRole("button", { name: `Stop filtering by tag ${tag}` }).click();
  await expect(page.getByRole("article")).toHaveCount(2);
});

test("status, date and order filters drive the list and the search, in the URL", async () => {
  const filters = page.getByRole("group", { name: "Filters" });
  await filters.getByLabel("Status").selectOption({ label: "Failed" });
  await expect(page).toHaveURL(/[?&]status=failed/);
  await expect(found(page)).toHaveText("0 documents found");
  await filters.getByLabel("Status").selectOption({ label: "Ready" });
  await expect(found(page)).toHaveText("2 documents found");

  // Uploaded from a day still to come: nothing yet.
  await filters.getByLabel("From").fill("2999-01-01");
  await expect(page).toHaveURL(/[?&]from=2999-01-01/);
  await expect(found(page)).toHaveText("0 documents found");
  await filters.getByLabel("From").fill("");
  await filters.getByLabel("To").fill("2999-12-31");
  await expect(found(page)).toHaveText("2 documents found");

  // "Best match" is for a search; with one, the filters still hold.
  await expect(filters.getByLabel("Order")).toHaveValue("newest");
  await expect(filters.getByRole("option", { name: "Best match" })).toBeDisabled();
  await page.getByRole("searchbox", { name: "Search documents" }).fill("gasket");
  await expect(filters.getByLabel("Order")).toHaveValue("relevance");
  await filters.getByLabel("Order").selectOption({ label: "Newest first" });
  await expect(page).toHaveURL(/[?&]sort=newest/);
  await expect(found(page)).toHaveText("1 document found");
  await page.reload();
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Status")).toHaveValue("ocr_complete");
  await expect(found(page)).toHaveText("1 document found");

  await page.getByRole("searchbox", { name: "Search documents" }).fill("");
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(found(page)).toHaveText("2 documents found"); // the filters alone still apply
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/status=|from=|to=|sort=/);
  await expect(page.getByRole("article")).toHaveCount(2);
});

test("an inline edit shows live in another tab and Regenerate asks before replacing it", async () => {
  const other = await context.newPage();
  await other.goto("/");
  await expect(other.getByRole("article")).toHaveCount(2);

  await page.getByRole("article").filter({ hasText: "pier-log.pdf" }).getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Edit title" }).click();
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("Pier log, spring 2026");
  await page.getByRole("textbox", { name: "Title", exact: true }).press("Enter");
  await expect(page.getByTestId("value-Title")).toHaveText("Pier log, spring 2026");
  await expect(page.getByText("edited", { exact: true })).toBeVisible();

  await expect(other.getByRole("heading", { name: "Pier log, spring 2026" })).toBeVisible();
  await other.close();

  await page.getByRole("button", { name: "Regenerate" }).click();
  const ask = page.getByRole("alertdialog");
  await expect(ask).toContainText("You edited the title");
  await ask.getByRole("button", { name: "Keep my edits" }).click();
  // The panel shows what was stored: the kept title, not the one the engine proposed.
  const agent = page.getByRole("region", { name: "Metadata agent" });
  await expect(agent.getByTestId("regenerate-result")).toHaveText("Saved: Pier log, spring 2026", { timeout: 60_000 });
  await expect(agent).toContainText("Your title stayed as you wrote it.");
  await expect(agent).not.toContainText("New metadata");
  await expect(page.getByTestId("value-Title")).toHaveText("Pier log, spring 2026");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pier log, spring 2026");
});

test("the result set exports as CSV a spreadsheet opens cleanly", async () => {
  await page.goto("/?q=gasket");
  await expect(results(page).getByRole("article")).toHaveCount(1);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  // Named as the API names it (with the date and time), not a name the web app made up.
  expect(download.suggestedFilename()).toMatch(/^docstream-\d{8}-\d{6}\.csv$/);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  expect(text).toContain("Pier log, spring 2026");
  expect(text.trim().split("\r\n")).toHaveLength(2); // the header and the one result
  const [header, row] = text.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(header).toContain("status,metadata_status,error");
  expect(row).toContain("ocr_complete,complete,");
});
