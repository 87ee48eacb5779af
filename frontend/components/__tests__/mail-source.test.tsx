import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MailSource } from "@/components/mail-source";
import { fakeApi, makeDoc, WithApp } from "@/test/fakes";

const source = {
  channel: "imap" as const,
  subject: "Ihre Rechnung März",
  sender_name: "Stadtwerke Nord",
  sender_address: "rechnung@stadtwerke.example",
  sent_at: "2026-03-14T09:30:00+00:00",
};

describe("the e-mail a document came in", () => {
  it("shows subject, sender and date, and offers the sender as the correspondent", async () => {
    const doc = makeDoc({ id: "doc-mail", status: "ocr_complete", metadata_status: "complete" });
    const updateMetadata = vi.fn(async () => ({
      ...doc,
      facts: { correspondent: { value: "Stadtwerke Nord", page: null, quote: null, confidence: 1, source: "person" as const } },
    }));
    const api = fakeApi({ updateMetadata });
    render(
      <WithApp api={api}>
        <MailSource doc={doc} source={source} />
      </WithApp>,
    );
    const shown = screen.getByTestId("mail-source");
    expect(shown).toHaveTextContent("Came by e-mail · “Ihre Rechnung März” from Stadtwerke Nord <rechnung@stadtwerke.example>");
    expect(shown.querySelector("time")?.getAttribute("datetime")).toBe(source.sent_at);
    await userEvent.click(screen.getByRole("button", { name: "Use Stadtwerke Nord as the sender" }));
    expect(updateMetadata).toHaveBeenCalledWith("doc-mail", { facts: { correspondent: "Stadtwerke Nord" } });
  });

  it("offers nothing when the sender is already the correspondent", () => {
    const doc = makeDoc({
      facts: { correspondent: { value: "Stadtwerke Nord", page: 1, quote: "Stadtwerke Nord", confidence: 0.9, source: "local" } },
    });
    render(
      <WithApp api={fakeApi()}>
        <MailSource doc={doc} source={source} />
      </WithApp>,
    );
    expect(screen.queryByRole("button")).toBeNull();
  });
});
