/**
 * Facts in a real browser: an invoice's card shows its type, sender, date and amount; the
 * document view lists each fact with the page and words it was read from, the page opening the
 * document there; its sender opens the list filtered by it.
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
});
