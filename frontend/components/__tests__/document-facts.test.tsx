import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DocumentCard } from "@/components/document-card";
import { FactList } from "@/components/document-facts";
import type { DocumentRow } from "@/lib/api/types";
import { fakeApi, makeDoc, WithApp } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

const local = (value: string, page: number, quote: string) => ({
  value,
  page,
  quote,
  confidence: 0.8,
  source: "local" as const,
});

function invoice(overrides: Partial<DocumentRow> = {}): DocumentRow {
  return makeDoc({
    id: "doc-invoice",
    status: "ocr_complete",
    metadata_status: "complete",
    display_name: "Invoice – ACME Widgets Ltd – 14 Mar 2026",
    page_count: 2,
    language: "en",
    facts: {
      document_type: local("invoice", 2, "Invoice"),
      correspondent: local("ACME Widgets Ltd", 2, "ACME Widgets Ltd"),
      document_date: local("2026-03-14", 2, "Invoice date: 14 March 2026"),
      total: {
        value: { amount: "1234.50", currency: "EUR" },
        page: 2,
        quote: "Total due: 1,234.50 EUR",
        confidence: 0.9,
        source: "local",
      },
      reference: local("INV-2026-117", 2, "Invoice number: INV-2026-117"),
      due_date: {
        value: "2026-03-31",
        page: null,
        quote: null,
        confidence: 1,
        source: "person",
      },
    },
    ...overrides,
  });
}

const dateOf = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
const euros = new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(1234.5);

describe("facts on the card", () => {
  it("shows the type, sender, date and amount", () => {
    render(
      <WithApp api={fakeApi()}>
        <DocumentCard doc={invoice()} />
      </WithApp>,
    );
    const line = screen.getByTestId("card-facts");
    expect(line.textContent).toBe(`Invoice · ACME Widgets Ltd · ${dateOf("2026-03-14")} · ${euros}`);
    expect(line.textContent).not.toContain("INV-2026-117"); // the card stays short
  });

  it("shows only the facts present, and none a person removed", () => {
    const doc = invoice();
    render(
      <WithApp api={fakeApi()}>
        <DocumentCard
          doc={{
            ...doc,
            facts: {
              correspondent: doc.facts!.correspondent,
              // A removed fact arrives on the change feed with a null value.
              total: { ...doc.facts!.total!, value: null as unknown as string, source: "person" },
            },
          }}
        />
      </WithApp>,
    );
    expect(screen.getByTestId("card-facts").textContent).toBe("ACME Widgets Ltd");
  });

  it("shows no facts line for a document without facts", () => {
    render(
      <WithApp api={fakeApi()}>
        <DocumentCard doc={makeDoc({ status: "ocr_complete", metadata_status: "complete" })} />
      </WithApp>,
    );
    expect(screen.queryByTestId("card-facts")).toBeNull();
  });
});

describe("the facts on the detail page", () => {
  it("lists each fact with its page, linking to the document at that page, and its words", () => {
    const { container } = render(<FactList doc={invoice()} />);
    const list = container.querySelector<HTMLElement>("dl.facts")!;
    const total = within(list).getByText("Amount").closest("div")!;
    expect(total.textContent).toBe(`Amount${euros} · page 2: «Total due: 1,234.50 EUR»`);
    const link = within(total).getByRole("link", { name: "Open at page 2" });
    expect(link.getAttribute("href")).toBe("/documents/doc-invoice?page=2");
    // The type and the sender open the list filtered by them.
    const sender = within(list).getByText("From").closest("div")!;
    expect(within(sender).getByRole("link", { name: "ACME Widgets Ltd" }).getAttribute("href")).toBe(
      "/?correspondent=ACME+Widgets+Ltd",
    );
    const type = within(list).getByText("Type").closest("div")!;
    expect(within(type).getByRole("link", { name: "Invoice" }).getAttribute("href")).toBe("/?type=invoice");
    const reference = within(list).getByText("Reference").closest("div")!;
    expect(reference.textContent).toContain("«Invoice number: INV-2026-117»");
    // A fact a person set has no page and no quote: it says whose it is.
    const due = within(list).getByText("Due").closest("div")!;
    expect(due.textContent).toBe(`Due${dateOf("2026-03-31")} · set by you`);
    expect(within(due).queryByRole("link")).toBeNull();
  });

  it("says so when there are none", () => {
    render(<FactList doc={makeDoc()} />);
    expect(screen.getByText("No facts were found in this document.")).toBeTruthy();
  });
});
