import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DocumentCard } from "@/components/document-card";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { DocumentRow, MetadataStreamEvent } from "@/lib/api/types";
import { fakeApi, makeDoc, WithApp, WithAuth } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

function renderCard(doc = makeDoc(), api: ApiClient = fakeApi()) {
  const view = render(
    <WithApp api={api}>
      <DocumentCard doc={doc} />
    </WithApp>,
  );
  const rerender = (next: DocumentRow) =>
    view.rerender(
      <WithApp api={api}>
        <DocumentCard doc={next} />
      </WithApp>,
    );
  return { api, card: screen.getByRole("article"), rerender };
}

describe("DocumentCard", () => {
  it("says “No text found” for a blank page, shows nothing made up and offers no Regenerate", () => {
    const doc = makeDoc({
      filename: "page_205.png",
      status: "ocr_complete",
      metadata_status: "complete",
      display_name: "Page 205",
      tags: [],
      summary: null,
      no_text: true,
    });
    const { card } = renderCard(doc);
    expect(within(card).getByTestId("status")).toHaveTextContent("No text found");
    expect(within(card).getByTestId("no-text-hint")).toHaveTextContent("no title, tags or summary were made up");
    expect(within(card).queryByRole("button", { name: /regenerate/i })).not.toBeInTheDocument();
  });


  it("shows the filename until metadata arrives, then the display name, tags and summary", () => {
    const api = fakeApi();
    const doc = makeDoc({ filename: "scan-001.pdf", status: "processing" });
    const view = render(
      <WithAuth api={api}>
        <DocumentCard doc={doc} />
      </WithAuth>,
    );
    expect(screen.getByRole("heading")).toHaveTextContent("scan-001.pdf");

    view.rerender(
      <WithAuth api={api}>
        <DocumentCard
          doc={{
            ...doc,
            status: "ocr_complete",
            display_name: "Electricity bill March",
            tags: ["invoice", "energy"],
            summary: "A bill for 42 EUR.",
            metadata_status: "complete",
          }}
        />
      </WithAuth>,
    );
    expect(screen.getByRole("heading")).toHaveTextContent("Electricity bill March");
    expect(screen.getByText("scan-001.pdf ·")).toBeInTheDocument();
    const tags = within(screen.getByRole("list", { name: "Tags" })).getAllByRole("listitem");
    expect(tags.map((li) => li.textContent)).toEqual(["invoice", "energy"]);
    expect(screen.getByText("A bill for 42 EUR.")).toBeInTheDocument();
  });

  it("on Retry shows that it is trying, toasts the result and says when it tried again", async () => {
    let accept!: () => void;
    const api = fakeApi({
      retryOcr: vi.fn(
        (id: string) =>
          new Promise<{ document_id: string; filename: string; status: "uploading" }>((resolve) => {
            accept = () => resolve({ document_id: id, filename: "broken.pdf", status: "uploading" });
          }),
      ),
    });
    const doc = makeDoc({ filename: "broken.pdf", status: "failed", error_code: "engine_unavailable", error_message: "The OCR engine is unavailable." });
    const { rerender } = renderCard(doc, api);
    expect(screen.getByTestId("status")).toHaveTextContent("Failed");
    expect(screen.getByText("The OCR engine is unavailable.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Regenerate" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(screen.getByRole("button", { name: "Retrying…" })).toBeDisabled();
    accept();
    expect(await screen.findByText("Trying “broken.pdf” again.")).toBeInTheDocument();
    expect(api.retryOcr).toHaveBeenCalledTimes(1);

    // The new attempt fails too: the card says so, with the time.
    rerender({ ...doc, updated_at: "2026-01-01T10:05:00.000001+00:00" });
    expect(await screen.findByTestId("retry-result")).toHaveTextContent(/^Tried again at .+ — still failing\.$/);
  });

  it("says why a retry was refused, in a toast", async () => {
    const api = fakeApi({ retryOcr: vi.fn(async () => Promise.reject(new ApiError(409, "Already being processed."))) });
    renderCard(makeDoc({ status: "failed" }), api);
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Already being processed.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retry" })).toBeEnabled();
  });

  it("puts Upload a new copy first when the file itself is the problem, and offers Delete", async () => {
    const api = fakeApi();
    renderCard(makeDoc({ filename: "scan.pdf", status: "failed", error_code: "corrupt_file", error_message: "The PDF is damaged." }), api);
    const buttons = within(screen.getByRole("article")).getAllByRole("button").map((b) => b.textContent?.trim());
    expect(buttons).toEqual(["Upload a new copy", "Retry", "Delete"]);
    expect(screen.getByText(/upload a new copy/i, { selector: "p" })).toBeInTheDocument();

    // The new copy goes through the upload manager and replaces the failed document.
    const copy = new File(["%PDF-1.4"], "scan-fixed.pdf", { type: "application/pdf" });
    await userEvent.upload(screen.getByLabelText("New copy of scan.pdf"), copy);
    await waitFor(() => expect(api.uploadFile).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(api.deleteDocument).toHaveBeenCalledWith(expect.stringMatching(/^doc-/)));
  });

  it("offers no actions while processing", () => {
    renderCard(makeDoc({ status: "processing", page_count: 4, pages_done: 1 }));
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByTestId("status")).toHaveTextContent("Extracting text… 1/4 pages");
  });

  it("streams the agent's steps on Regenerate and ends with the new metadata", async () => {
    let push!: (event: MetadataStreamEvent) => void;
    let finish!: () => void;
    const api = fakeApi({
      regenerateMetadata: vi.fn(
        (_id: string, onEvent: (event: MetadataStreamEvent) => void) =>
          new Promise<void>((resolve) => {
            push = onEvent;
            finish = resolve;
          }),
      ),
    });
    renderCard(makeDoc({ status: "ocr_complete", metadata_status: "complete" }), api);
    const button = screen.getByRole("button", { name: "Regenerate" });
    await userEvent.click(button);
    expect(button).toBeDisabled();

    push({ type: "status", message: "Generating metadata" });
    push({ type: "tool", tool: "read_ocr" });
    push({ type: "text", text: "This looks like " });
    push({ type: "text", text: "an invoice." });
    push({ type: "tool", tool: "save_metadata" });
    // Steps in words; tool names and the model's raw text stay out of sight.
    const steps = await screen.findByRole("region", { name: "Metadata agent" });
    await waitFor(() =>
      expect(within(steps).getAllByRole("listitem").map((li) => li.textContent)).toEqual(
        expect.arrayContaining(["Starting", "Reading the document", "Writing a title and tags", "Saved"]),
      ),
    );
    expect(steps).not.toHaveTextContent(/read_ocr|save_metadata|Tool:|an invoice/);

    push({ type: "complete", metadata: { display_name: "ACME invoice 2026-01", tags: ["invoice", "acme"], summary: "…" } });
    finish();
    await screen.findByText("ACME invoice 2026-01");
    await waitFor(() => expect(screen.getByRole("button", { name: "Regenerate" })).toBeEnabled());
  });

  it("shows the agent's error when regeneration fails", async () => {
    const api = fakeApi({
      regenerateMetadata: vi.fn(async (_id: string, onEvent: (event: MetadataStreamEvent) => void) => {
        onEvent({ type: "error", message: "The agent timed out." });
      }),
    });
    renderCard(makeDoc({ status: "ocr_complete", metadata_status: "failed" }), api);
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The agent timed out.");
  });

  it("says the title, tags and summary are coming, and offers no Regenerate, until they exist", () => {
    const doc = makeDoc({ filename: "lease.pdf", status: "ocr_complete", metadata_status: "pending", display_name: null });
    const { card, rerender } = renderCard(doc);
    expect(within(card).getByTestId("status")).toHaveTextContent(/^Text ready$/);
    expect(within(card).getByTestId("metadata-note")).toHaveTextContent("The title, tags and summary are on their way.");
    expect(within(card).queryByRole("button", { name: "Regenerate" })).not.toBeInTheDocument();

    rerender({ ...doc, metadata_status: "generating" });
    expect(within(card).getByTestId("metadata-note")).toHaveTextContent("Generating name, tags and summary…");
    expect(within(card).queryByRole("button", { name: "Regenerate" })).not.toBeInTheDocument();

    rerender({ ...doc, metadata_status: "complete", display_name: "Tenancy agreement", tags: ["lease"], summary: "A lease." });
    expect(within(card).getByTestId("status")).toHaveTextContent(/^Ready$/);
    expect(within(card).queryByTestId("metadata-note")).not.toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Regenerate" })).toBeEnabled();
  });

  it("after “Keep my edits” shows the kept values, and clears the last result before asking again", async () => {
    const api = fakeApi({
      regenerateMetadata: vi.fn(async (_id: string, onEvent: (event: MetadataStreamEvent) => void) => {
        // What the API reports: the stored metadata, with the person's title kept.
        onEvent({ type: "complete", metadata: { display_name: "Dentist bill", tags: ["invoice"], summary: "A crown." } });
      }),
    });
    const doc = makeDoc({
      status: "ocr_complete",
      metadata_status: "complete",
      display_name: "Dentist bill",
      tags: ["invoice"],
      summary: "A crown.",
      edited_fields: ["display_name"],
    });
    renderCard(doc, api);
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Keep my edits" }));
    expect(api.regenerateMetadata).toHaveBeenCalledWith(doc.id, expect.any(Function), expect.anything(), false);
    const agent = await screen.findByRole("region", { name: "Metadata agent" });
    await waitFor(() => expect(within(agent).getByTestId("regenerate-result")).toHaveTextContent("Saved: Dentist bill"));
    expect(agent).not.toHaveTextContent("New metadata");
    expect(agent).toHaveTextContent("Your title stayed as you wrote it.");

    // Asked again: the previous run's output is gone, not left under the question.
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(screen.getByRole("alertdialog")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Metadata agent" })).not.toBeInTheDocument();
  });
});
