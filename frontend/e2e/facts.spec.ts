/**
 * Facts in a real browser: an invoice's card shows its type, sender, date and amount; the
 * document view lists each fact with the page and words it was read from, the page opening the
 * document there; its sender opens the list filtered by it. A fact corrected in its form is the
 * person's, and Regenerate leaves it as they set it.
 */
import { expect, test } from "@playwright/test";
import { textPdf } from "./pdf";

const invoice = textPdf([
  "Harbourside Plumbing Ltd",
  "Invoice",
  "Invoice number: HP-2026-0412",
  "Invoice date: 12 April 2026",
  "Replacement of the boiler pump and two radiator valves.",
  "Total due: 318.40 EUR",
  "Please pay by 30 April 2026.",
]);
const notes = textPdf(["Allotment Society Notes", "The spring planting starts on the first Saturday."]);

test("an invoice's facts: on the card, with their page and words, and as a filter", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(`facts+${Date.now()}@example.com`);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();

  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "plumber.pdf", mimeType: "application/pdf", buffer: invoice },
    { name: "notes.pdf", mimeType: "application/pdf", buffer: notes },
  ]);
  const card = page.locator('article[data-filename="plumber.pdf"]');
  const facts = card.getByTestId("card-facts");
  await expect(facts).toContainText("Invoice · Harbourside Plumbing Ltd", { timeout: 90_000 });
  await expect(facts).toContainText("318.40");
  await expect(facts.locator('[data-fact="document_date"]')).toHaveText(/Apr(il)? 12, 2026|12 Apr(il)? 2026/);
  await expect(page.getByRole("article")).toHaveCount(2);

  await card.getByRole("link", { name: /Harbourside Plumbing/ }).first().click();
  const list = page.getByRole("definition").filter({ hasText: "«Total due: 318.40 EUR»" });
  await expect(list).toBeVisible();
  await list.getByRole("link", { name: "Open at page 1" }).click();
  await expect(page).toHaveURL(/\/documents\/[^/?]+\?page=1$/);
  await expect(page.locator('iframe[src$="#page=1"]').or(page.getByText("Look at page 1."))).toBeVisible();

  // The sender is a filter of the list: only this document.
  await page.getByRole("link", { name: "Harbourside Plumbing Ltd" }).click();
  await expect(page).toHaveURL(/\/\?correspondent=Harbourside\+Plumbing\+Ltd$/);
  await expect(page.getByText("1 document found")).toBeVisible();
  await expect(page.getByRole("button", { name: /not only Harbourside Plumbing Ltd/ })).toBeVisible();

  // Ordered by the document's own date: the dated invoice before the undated notes.
  await page.goto("/?sort=document_date");
  await expect(page.getByText("2 documents found")).toBeVisible();
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Order")).toHaveValue("document_date");
  const cards = page.getByRole("region", { name: "Search results" }).getByRole("article");
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText("Harbourside Plumbing");
  await expect(cards.last()).toContainText(/Allotment/i);

  // The type and the document-date filters narrow the list: the undated notes drop out.
  const filters = page.getByRole("group", { name: "Filters" });
  await filters.getByLabel("Type").selectOption("invoice");
  await expect(page).toHaveURL(/[?&]type=invoice/);
  await expect(page.getByText("1 document found")).toBeVisible();
  await expect(cards).toHaveCount(1);
  await filters.getByLabel("Type").selectOption("");
  await expect(page.getByText("2 documents found")).toBeVisible();
  await filters.getByLabel("Dated since").fill("2026-04-01");
  await expect(page).toHaveURL(/[?&]date_from=2026-04-01/);
  await expect(page.getByText("1 document found")).toBeVisible();
  await expect(cards.first()).toContainText("Harbourside Plumbing");
});

test("a fact corrected in its form is the person's, and Regenerate keeps it", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Email").fill(`facts-edit+${Date.now()}@example.com`);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "plumber.pdf", mimeType: "application/pdf", buffer: invoice },
  ]);
  const card = page.locator('article[data-filename="plumber.pdf"]');
  await expect(card.getByTestId("card-facts")).toContainText("Harbourside Plumbing Ltd", { timeout: 90_000 });
  await card.getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);

  const facts = page.locator('dl[aria-label="Facts"]');
  const sender = facts.locator('[data-fact="correspondent"]');
  const kind = facts.locator('[data-fact="document_type"]');
  const total = facts.locator('[data-fact="total"]');

  // The sender, corrected: typed in its form.
  await sender.getByRole("button", { name: "Edit sender" }).click();
  await sender.getByRole("textbox", { name: "From", exact: true }).fill("Harbourside Plumbing & Heating");
  await sender.getByRole("button", { name: "Save" }).click();
  await expect(sender).toContainText("Harbourside Plumbing & Heating · set by you");
  // The type, chosen from the list; the amount with a decimal comma.
  await kind.getByRole("button", { name: "Edit type" }).click();
  await kind.getByRole("combobox", { name: "Type" }).selectOption("receipt");
  await kind.getByRole("button", { name: "Save" }).click();
  await expect(kind).toContainText("Receipt · set by you");
  await total.getByRole("button", { name: "Edit amount" }).click();
  await total.getByRole("textbox", { name: "Amount", exact: true }).fill("320,00");
  await total.getByRole("button", { name: "Save" }).click();
  await expect(total).toContainText("320.00");
  await expect(total).toContainText("set by you");

  await page.getByRole("button", { name: "Regenerate" }).click();
  const agent = page.getByRole("region", { name: "Metadata agent" });
  await expect(agent.getByTestId("regenerate-result")).toBeVisible({ timeout: 60_000 });
  // After Regenerate and after a fresh load: the person's facts, not the engine's.
  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await expect(sender).toContainText("Harbourside Plumbing & Heating · set by you");
    await expect(kind).toContainText("Receipt · set by you");
    await expect(total).toContainText("320.00");
    // The facts the person did not touch are still the engine's, with their words.
    await expect(facts.locator('[data-fact="reference"]')).toContainText("«Invoice number: HP-2026-0412»");
  }
});

test("the next document from a sender is filed the way the person filed the last one", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Email").fill(`facts-next+${Date.now()}@example.com`);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "plumber.pdf", mimeType: "application/pdf", buffer: invoice },
  ]);
  const first = page.locator('article[data-filename="plumber.pdf"]');
  await expect(first.getByTestId("card-facts")).toContainText("Invoice · Harbourside Plumbing Ltd", { timeout: 90_000 });
  await first.getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);

  // This person files the plumber's papers as receipts, tagged "house".
  const kind = page.locator('dl[aria-label="Facts"] [data-fact="document_type"]');
  await kind.getByRole("button", { name: "Edit type" }).click();
  await kind.getByRole("combobox", { name: "Type" }).selectOption("receipt");
  await kind.getByRole("button", { name: "Save" }).click();
  await expect(kind).toContainText("Receipt · set by you");
  await page.getByRole("button", { name: "Edit tags" }).click();
  await page.getByRole("textbox", { name: "Tags", exact: true }).fill("house, repairs");
  await page.getByRole("textbox", { name: "Tags", exact: true }).press("Enter");
  await expect(page.getByTestId("value-Tags")).toContainText("house");

  await page.getByRole("link", { name: "All documents" }).click();
  const next = textPdf([
    "HARBOURSIDE PLUMBING LTD.",
    "Invoice",
    "Invoice number: HP-2026-0533",
    "Invoice date: 3 May 2026",
    "Annual boiler service.",
    "Total due: 95.00 EUR",
  ]);
  await page.getByLabel("Choose files to upload").setInputFiles([
    { name: "plumber-may.pdf", mimeType: "application/pdf", buffer: next },
  ]);
  const second = page.locator('article[data-filename="plumber-may.pdf"]');
  await expect(second.getByTestId("card-facts")).toContainText("Receipt", { timeout: 90_000 });
  await expect(second).toContainText("house");
  await second.getByRole("heading").getByRole("link").click();
  // Not the person's on this document: the engine's, saying why.
  const secondKind = page.locator('dl[aria-label="Facts"] [data-fact="document_type"]');
  await expect(secondKind).toContainText("Receipt");
  await expect(secondKind).toContainText("before");
  await expect(secondKind).not.toContainText("set by you");
});
