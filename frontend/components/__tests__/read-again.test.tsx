/**
 * Retry with a language (issue 22): on the detail page a failed document's Retry comes with a
 * choice of the server's languages, and a processed one can be read again in one. The request
 * goes through the one ApiClient with the chosen ISO code; the preview shows pages upright.
 */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DocumentActions } from "@/components/document-actions";
import { DocumentPreview } from "@/components/document-preview";
import { turnedPagesNote, uprightTransform } from "@/lib/page-turns";
import { fakeApi, fakeDocuments, makeDoc, WithApp } from "@/test/fakes";

function renderActions(doc: ReturnType<typeof makeDoc>, variant: "card" | "detail" = "detail") {
  const api = fakeApi();
  render(
    <WithApp api={api} documents={fakeDocuments([doc])}>
      <DocumentActions doc={doc} variant={variant} />
    </WithApp>,
  );
  return api;
}

describe("Retry with a language", () => {
  it("a failed document: Retry finds the language by default, or reads it in the one chosen", async () => {
    const doc = makeDoc({ id: "d-failed", status: "failed", error_code: "timeout", error_message: "Took too long." });
    const api = renderActions(doc);
    const select = await screen.findByRole("combobox", { name: "Language" });
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Find it on each page", "English", "German", "French"]);

    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(api.retryOcr).toHaveBeenCalledWith("d-failed", undefined));

    await userEvent.selectOptions(select, "French");
    await userEvent.click(screen.getByRole("button", { name: "Retry in French" }));
    await waitFor(() => expect(api.retryOcr).toHaveBeenLastCalledWith("d-failed", "fr"));
    expect(await screen.findByText(/^Reading “.+” again in French\.$/)).toBeTruthy();
  });

  it("a processed document can be read again in another language, offered first", async () => {
    const doc = makeDoc({ id: "d-ready", status: "ocr_complete", metadata_status: "complete", language: "en" });
    const api = renderActions(doc);
    const select = await screen.findByRole("combobox", { name: "Read again in" });
    expect((select as HTMLSelectElement).value).toBe("de"); // not the language it was read in
    await userEvent.selectOptions(select, "French");
    await userEvent.click(screen.getByRole("button", { name: "Read again" }));
    await waitFor(() => expect(api.retryOcr).toHaveBeenCalledWith("d-ready", "fr"));
  });

  it("the card keeps its one-click Retry, and a document in progress offers nothing", async () => {
    renderActions(makeDoc({ status: "failed", error_code: "timeout" }), "card");
    expect(await screen.findByRole("button", { name: "Retry" })).toBeTruthy();
    expect(screen.queryByRole("combobox")).toBeNull();
  });
});

describe("pages shown upright", () => {
  it("turns the stored turn into a CSS rotation and a sentence", () => {
    expect(uprightTransform({ index: 0, orientation: 180, skew: 0, language: null })).toBe("rotate(-180deg)");
    expect(uprightTransform({ index: 0, orientation: 0, skew: -4, language: null })).toBe("rotate(4deg)");
    expect(uprightTransform({ index: 0, orientation: 0, skew: 0, language: null })).toBeUndefined();
    expect(turnedPagesNote([{ index: 0, orientation: 180, skew: 0, language: "de" }])).toBe(
      "Page 1 was scanned upside down; its text was read upright.",
    );
    const turns = [1, 4].map((index) => ({ index, orientation: 90 as const, skew: 0, language: null }));
    expect(turnedPagesNote(turns)).toBe("Pages 2 and 5 were scanned turned; their text was read upright.");
    expect(turnedPagesNote([{ index: 0, orientation: 0, skew: 1.2, language: null }])).toBeNull();
  });

  it("an upside-down photo is shown upright", async () => {
    const doc = makeDoc({ mime_type: "image/jpeg", filename: "photo.jpg", status: "ocr_complete" });
    render(
      <WithApp api={fakeApi()}>
        <DocumentPreview doc={doc} turns={[{ index: 0, orientation: 180, skew: 0.6, language: "en" }]} />
      </WithApp>,
    );
    const image = await screen.findByAltText("The original of photo.jpg");
    expect(image.style.transform).toBe("rotate(-180.6deg)");
  });

  it("a PDF scanned upside down says so and shows its first page upright", async () => {
    Object.defineProperty(navigator, "pdfViewerEnabled", { value: true, configurable: true });
    try {
      const api = fakeApi();
      const doc = makeDoc({ id: "d-pdf", filename: "scan.pdf", status: "ocr_complete" });
      render(
        <WithApp api={api}>
          <DocumentPreview doc={doc} turns={[{ index: 0, orientation: 180, skew: 0, language: "en" }]} />
        </WithApp>,
      );
      expect(await screen.findByAltText("First page of scan.pdf, upright")).toBeTruthy();
      expect(screen.getByText("Page 1 was scanned upside down; its text was read upright.")).toBeTruthy();
      expect(api.fetchBlob).toHaveBeenCalledWith("/api/documents/d-pdf/thumbnail");
      expect(screen.getByTitle("Preview of scan.pdf")).toBeTruthy();
    } finally {
      Reflect.deleteProperty(navigator, "pdfViewerEnabled");
    }
  });
});
