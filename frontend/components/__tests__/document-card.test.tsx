import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DocumentCard } from "@/components/document-card";
import type { ApiClient, MetadataStreamEvent } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { fakeApi, makeDoc, WithAuth } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

function renderCard(doc = makeDoc(), api: ApiClient = fakeApi()) {
  render(
    <WithAuth api={api}>
      <DocumentCard doc={doc} />
    </WithAuth>,
  );
  return { api, card: screen.getByRole("article") };
}

describe("DocumentCard", () => {
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

  it("offers Retry on a failed document, with the error, and calls retry-ocr", async () => {
    const { api } = renderCard(makeDoc({ status: "failed", error_message: "The PDF is damaged." }));
    expect(screen.getByRole("status")).toHaveTextContent("Failed");
    expect(screen.getByText("The PDF is damaged.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Regenerate" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(api.retryOcr).toHaveBeenCalledTimes(1);
  });

  it("says why a retry was refused", async () => {
    const api = fakeApi({ retryOcr: vi.fn(async () => Promise.reject(new ApiError(409, "Already being processed."))) });
    renderCard(makeDoc({ status: "failed" }), api);
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Already being processed.");
  });

  it("offers no actions while processing", () => {
    renderCard(makeDoc({ status: "processing", page_count: 4, pages_done: 1 }));
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Extracting text… 1/4 pages");
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

    push({ type: "status", message: "Reading the document" });
    push({ type: "tool", tool: "read_document_text" });
    push({ type: "text", text: "This looks like " });
    push({ type: "text", text: "an invoice." });
    await screen.findByText("Tool: read_document_text");
    expect(screen.getByText("This looks like an invoice.")).toBeInTheDocument();

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
    renderCard(makeDoc({ status: "ocr_complete" }), api);
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The agent timed out.");
  });
});
