/**
 * Documents that come in by themselves: the API tokens page (make, shown once, copy, revoke;
 * the token works against the API and stops once revoked), and the installable app's share
 * target (the manifest declares it; the share route takes a multipart POST as a phone's
 * browser sends it).
 */
import { expect, type Page, test } from "@playwright/test";
import { textPdf } from "./pdf";

const apiUrl = process.env.API_URL ?? "http://127.0.0.1:8000";
const uniqueEmail = (who: string) => `${who}+${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Email").press("Enter");
  await expect(page.getByRole("heading", { name: "Your documents" })).toBeVisible();
}

async function listWith(token: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/documents`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

test("the tokens page makes a token, shows it once, and revokes it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, uniqueEmail("tokens"));
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  await page.getByLabel("Name").fill("office scanner");
  await page.getByRole("button", { name: "Make token" }).click();
  const secret = page.getByTestId("token-secret");
  await expect(secret).toHaveText(/^dst_[A-Za-z0-9_-]{40,}$/);
  const token = (await secret.textContent()) ?? "";
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const listed = page.getByRole("list", { name: "Your API tokens" }).getByRole("listitem");
  await expect(listed).toHaveCount(1);
  await expect(listed.first()).toContainText("office scanner");
  await expect(listed.first()).toContainText("never used");
  expect(await listWith(token)).toBe(200);

  // Shown once: after a reload the secret is nowhere on the page, only its first characters.
  await page.reload();
  await expect(listed).toHaveCount(1);
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(listed.first()).toContainText("last used");

  await page.getByRole("button", { name: "Revoke office scanner" }).click();
  await expect(page.getByText("No tokens yet.")).toBeVisible();
  expect(await listWith(token)).toBe(401);
});

test("a token made on the page uploads a document the page then shows", async ({ page }) => {
  await signIn(page, uniqueEmail("tokens-upload"));
  await page.goto("/tokens");
  await page.getByLabel("Name").fill("script");
  await page.getByRole("button", { name: "Make token" }).click();
  const token = (await page.getByTestId("token-secret").textContent()) ?? "";
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(textPdf(["Scripted upload", "Invoice 7"]))], { type: "application/pdf" }), "scripted.pdf");
  const response = await fetch(`${apiUrl}/api/document/upload`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  expect(response.status).toBe(202);
  await page.goto("/");
  await expect(page.locator('article[data-filename="scripted.pdf"]')).toHaveCount(1);
});

test("the installable app's manifest declares the share target for PDFs and images", async ({ page, request }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const response = await request.get(href ?? "");
  expect(response.ok()).toBe(true);
  const manifest: unknown = await response.json();
  expect(manifest).toMatchObject({
    name: "Docstream",
    display: "standalone",
    start_url: "/",
    share_target: {
      action: "/share-target",
      method: "POST",
      enctype: "multipart/form-data",
      params: { files: [{ name: "file", accept: expect.arrayContaining(["application/pdf", "image/*"]) }] },
    },
  });
  // The icons it names are served (an app without them cannot be installed).
  for (const icon of ["/icon-192.png", "/icon-512.png"]) expect((await request.get(icon)).ok()).toBe(true);
});

test("a share, POSTed as a browser sends a form, becomes the signed-in person's documents", async ({ page }) => {
  await signIn(page, uniqueEmail("share"));
  // What the share sheet does: a multipart form POST of the files to the manifest's action,
  // from this browser (the session is its own), followed by the redirect it answers.
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/share-target";
    form.enctype = "multipart/form-data";
    const input = document.createElement("input");
    input.type = "file";
    input.name = "file";
    input.multiple = true;
    input.id = "shared-files";
    form.append(input);
    const title = document.createElement("input");
    title.name = "title";
    title.value = "Shared from the phone";
    form.append(title);
    document.body.append(form);
  });
  await page.setInputFiles("#shared-files", [
    { name: "shared-bill.pdf", mimeType: "application/pdf", buffer: textPdf(["Shared invoice", "Total 12.00 EUR"]) },
    { name: "shared-letter.pdf", mimeType: "application/pdf", buffer: textPdf(["Shared letter", "Dear reader"]) },
  ]);
  const posted = page.waitForRequest((r) => r.url().endsWith("/share-target") && r.method() === "POST");
  await page.evaluate(() => document.querySelector<HTMLFormElement>("form[action='/share-target']")?.submit());
  expect((await posted).headers()["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  await expect(page).toHaveURL(/\/$/);
  for (const name of ["shared-bill.pdf", "shared-letter.pdf"]) {
    const card = page.locator(`article[data-filename="${name}"][data-document-id]`);
    await expect(card).toHaveCount(1, { timeout: 30_000 });
  }
});

test("a share with nothing in it says so", async ({ page }) => {
  await signIn(page, uniqueEmail("share-empty"));
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/share-target";
    form.enctype = "multipart/form-data";
    const text = document.createElement("input");
    text.name = "text";
    text.value = "just a link";
    form.append(text);
    document.body.append(form);
    form.submit();
  });
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was shared" })).toBeVisible();
  await expect(page).toHaveURL(/\/shared\?problem=none$/);
});

test("a share that arrives signed out is uploaded once the person signs in", async ({ page }) => {
  await page.goto("/login");
  await page.evaluate(() => {
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/share-target";
    form.enctype = "multipart/form-data";
    const input = document.createElement("input");
    input.type = "file";
    input.name = "file";
    input.id = "shared-file";
    form.append(input);
    document.body.append(form);
  });
  await page.setInputFiles("#shared-file", {
    name: "shared-while-out.pdf",
    mimeType: "application/pdf",
    buffer: textPdf(["Shared while signed out"]),
  });
  await page.evaluate(() => document.querySelector<HTMLFormElement>("form[action='/share-target']")?.submit());
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(uniqueEmail("share-later"));
  await page.getByLabel("Email").press("Enter");
  await expect(page.locator('article[data-filename="shared-while-out.pdf"][data-document-id]')).toHaveCount(1, {
    timeout: 30_000,
  });
});
