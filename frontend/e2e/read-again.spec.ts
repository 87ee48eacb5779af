/**
 * Read again in a language (issue 22), in a real browser: a processed document's detail page
 * names the language it was read in, offers the server's languages, and reading it again in
 * the one chosen processes it again and shows that language.
 */
import { expect, test } from "@playwright/test";
import { textPdf } from "./pdf";

const letter = textPdf([
  "Dear neighbours,",
  "The garden committee meets on Thursday evening in the community hall.",
  "We will plan the spring planting and the summer fair, and elect a new treasurer.",
  "Please bring your ideas and a friend. Tea and cake will be served.",
]);

test("a processed document is read again in the language its owner chooses", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(`read-again+${Date.now()}@example.com`);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();

  await page.getByLabel("Choose files to upload").setInputFiles([{ name: "garden.pdf", mimeType: "application/pdf", buffer: letter }]);
  const card = page.locator('article[data-filename="garden.pdf"]');
  await expect(card.getByTestId("status")).toHaveText("Ready", { timeout: 90_000 });
  await card.getByRole("heading").getByRole("link").click();

  const header = page.locator(".detail__header");
  await expect(header).toContainText("· in English ·");
  const choice = page.getByRole("combobox", { name: "Read again in" });
  await expect(choice.getByRole("option")).toHaveText(["English", "German", "French", "Dutch", "Spanish", "Italian", "Portuguese"]);
  await choice.selectOption({ label: "German" });
  await page.getByRole("button", { name: "Read again" }).click();
  await expect(page.getByText(/again in German\./)).toBeVisible();
  // Processed again (the live feed brings the new state): stored and shown as German.
  await expect(header).toContainText("· in German ·", { timeout: 90_000 });
  await expect(page.getByText(/Ready/).first()).toBeVisible({ timeout: 90_000 });
});
