import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FactList } from "@/components/document-facts";
import { normaliseAmount, valueFromDraft } from "@/lib/facts";
import { makeDoc } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

const invoice = () =>
  makeDoc({
    id: "doc-invoice",
    status: "ocr_complete",
    metadata_status: "complete",
    facts: {
      document_type: { value: "invoice", page: 1, quote: "Invoice", confidence: 0.7, source: "local" },
      correspondent: { value: "ACME Widgets Ltd", page: 1, quote: "ACME Widgets Ltd", confidence: 0.8, source: "local" },
      total: {
        value: { amount: "318.40", currency: "EUR" },
        page: 2,
        quote: "Total due: 318.40 EUR",
        confidence: 0.9,
        source: "local",
      },
    },
  });


describe("amounts and values as people type them", () => {
  it("reads either decimal separator and thousands groups", () => {
    expect(normaliseAmount("1.234,56")).toBe("1234.56");
    expect(normaliseAmount("1,234.56")).toBe("1234.56");
    expect(normaliseAmount("12,50")).toBe("12.50");
    expect(normaliseAmount("1,250")).toBe("1250");
    expect(normaliseAmount("1 234.5")).toBe("1234.5");
    expect(normaliseAmount("-45.00")).toBe("-45.00");
    expect(normaliseAmount("twelve")).toBeNull();
    expect(normaliseAmount("")).toBeNull();
  });

  it("refuses what the API would refuse, in words for people", () => {
    const blank = { value: "", amount: "", currency: "" };
    expect(valueFromDraft("document_type", { ...blank, value: "invoice" })).toEqual({ value: "invoice" });
    expect(valueFromDraft("document_type", { ...blank, value: "bill" })).toEqual({ error: "Choose a type from the list." });
    expect(valueFromDraft("document_date", { ...blank, value: "2026-02-30" })).toEqual({ error: "Choose a date." });
    expect(valueFromDraft("due_date", { ...blank, value: "2026-02-28" })).toEqual({ value: "2026-02-28" });
    expect(valueFromDraft("total", { ...blank, amount: "10", currency: "euro" })).toEqual({
      error: "Type the currency as three letters, e.g. EUR.",
    });
    expect(valueFromDraft("reference", { ...blank, value: "  " })).toEqual({ error: "Type a value, or remove the fact." });
  });
});

describe("correcting a fact on the detail page", () => {
  it("edits the amount and its currency, sending the value the API takes", async () => {
    const onSave = vi.fn(async () => {});
    render(<FactList doc={invoice()} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit amount" }));
    const form = screen.getByRole("form", { name: "Edit amount" });
    expect((within(form).getByLabelText("Amount") as HTMLInputElement).value).toBe("318.40");
    await userEvent.clear(within(form).getByLabelText("Amount"));
    await userEvent.type(within(form).getByLabelText("Amount"), "1.234,56");
    await userEvent.clear(within(form).getByLabelText("Currency"));
    await userEvent.type(within(form).getByLabelText("Currency"), "chf");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledWith("total", { amount: "1234.56", currency: "CHF" });
    await waitFor(() => expect(screen.queryByRole("form")).toBeNull());
  });

  it("chooses the type from the fixed list", async () => {
    const onSave = vi.fn(async () => {});
    render(<FactList doc={invoice()} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit type" }));
    const select = screen.getByRole("combobox", { name: "Type" });
    expect(within(select).getAllByRole("option")).toHaveLength(14);
    await userEvent.selectOptions(select, "receipt");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledWith("document_type", "receipt");
  });

  it("adds a fact the document lacked, with a date picker", async () => {
    const onSave = vi.fn(async () => {});
    render(<FactList doc={invoice()} onSave={onSave} />);
    const due = screen.getByText("Due").closest("div")!;
    expect(due.textContent).toContain("—");
    await userEvent.click(within(due).getByRole("button", { name: "Edit due date" }));
    const input = within(due).getByLabelText("Due") as HTMLInputElement;
    expect(input.type).toBe("date");
    expect(within(due).queryByRole("button", { name: "Remove" })).toBeNull(); // nothing to remove
    await userEvent.type(input, "2026-04-30");
    await userEvent.click(within(due).getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledWith("due_date", "2026-04-30");
  });

  it("clears a fact with Remove", async () => {
    const onSave = vi.fn(async () => {});
    render(<FactList doc={invoice()} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit sender" }));
    await userEvent.click(screen.getByRole("button", { name: "Remove" }));
    expect(onSave).toHaveBeenCalledWith("correspondent", null);
  });

  it("explains a value it cannot send, and sends nothing", async () => {
    const onSave = vi.fn(async () => {});
    render(<FactList doc={invoice()} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit sender" }));
    await userEvent.clear(screen.getByLabelText("From"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("alert").textContent).toBe("Type a value, or remove the fact.");
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole("form", { name: "Edit sender" })).toBeTruthy(); // still editing
  });

  it("keeps the form open with the reason when saving fails", async () => {
    const onSave = vi.fn(async () => {
      throw new Error("offline");
    });
    render(<FactList doc={invoice()} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit reference" }));
    await userEvent.type(screen.getByLabelText("Reference"), "INV-7");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(screen.getByRole("form", { name: "Edit reference" })).toBeTruthy();
  });

  it("says a fact taken from an earlier filing why, beside its words", () => {
    const doc = invoice();
    doc.facts!.document_type = {
      value: "receipt",
      page: 1,
      quote: "ACME Widgets Ltd",
      confidence: 0.9,
      source: "local",
      note: "You filed ACME Widgets Ltd as receipt before",
    };
    render(<FactList doc={doc} />);
    expect(screen.getByText("Type").closest("div")!.textContent).toBe(
      "TypeReceipt · page 1: «ACME Widgets Ltd» · You filed ACME Widgets Ltd as receipt before",
    );
  });
});
