import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FilterControls } from "@/components/filter-controls";
import { UploadDropzone } from "@/components/upload-dropzone";
import { isFiltered, listFilterParams, listFiltersFrom } from "@/lib/list-query";
import { fakeApi, WithApp } from "@/test/fakes";

describe("FilterControls", () => {
  it("sets status and dates, ranks only a search by best match, and clears everything at once", async () => {
    const onChange = vi.fn();
    const view = render(<FilterControls filters={{}} hasQuery={false} onChange={onChange} />);
    const group = screen.getByRole("group", { name: "Filters" });
    await userEvent.selectOptions(within(group).getByLabelText("Status"), "Failed");
    expect(onChange).toHaveBeenLastCalledWith({ status: "failed" });
    // Without a search: newest first or by the document's own date, never "best match".
    expect(within(group).getByLabelText("Order")).toHaveValue("newest");
    expect(within(group).getByRole("option", { name: "Best match" })).toBeDisabled();
    await userEvent.selectOptions(within(group).getByLabelText("Order"), "Document date");
    expect(onChange).toHaveBeenLastCalledWith({ sort: "document_date" });
    expect(within(group).queryByRole("button", { name: "Clear filters" })).not.toBeInTheDocument();

    view.rerender(<FilterControls filters={{ status: "failed", from: "2026-01-01" }} hasQuery onChange={onChange} />);
    expect(within(group).getByLabelText("To")).toHaveAttribute("min", "2026-01-01");
    await userEvent.selectOptions(within(group).getByLabelText("Order"), "Newest first");
    expect(onChange).toHaveBeenLastCalledWith({ sort: "newest" });
    await userEvent.click(within(group).getByRole("button", { name: "Clear filters" }));
    expect(onChange).toHaveBeenLastCalledWith({
      status: null,
      from: null,
      to: null,
      type: null,
      correspondent: null,
      date_from: null,
      date_to: null,
      sort: null,
    });
  });

  it("filters by type and shows the sender filter, to be removed", async () => {
    const onChange = vi.fn();
    const view = render(<FilterControls filters={{}} hasQuery={false} onChange={onChange} />);
    const group = screen.getByRole("group", { name: "Filters" });
    await userEvent.selectOptions(within(group).getByLabelText("Type"), "Bank statement");
    expect(onChange).toHaveBeenLastCalledWith({ type: "bank_statement" });

    view.rerender(
      <FilterControls filters={{ type: "invoice", correspondent: "ACME Widgets Ltd" }} hasQuery={false} onChange={onChange} />,
    );
    expect(within(group).getByLabelText("Type")).toHaveValue("invoice");
    await userEvent.type(within(group).getByLabelText("Dated since"), "2026-03-01");
    expect(onChange).toHaveBeenLastCalledWith({ date_from: "2026-03-01" });
    await userEvent.click(within(group).getByRole("button", { name: /not only ACME Widgets Ltd/ }));
    expect(onChange).toHaveBeenLastCalledWith({ correspondent: null });
  });

  it("reads the type and the sender from the URL, and sends them to the API", () => {
    const { filters } = listFiltersFrom(
      new URLSearchParams("type=invoice&correspondent=%20ACME%20Widgets%20Ltd%20&status=bogus&date_from=2026-03-01&date_to=soon"),
    );
    expect(filters).toEqual({ type: "invoice", correspondent: "ACME Widgets Ltd", date_from: "2026-03-01" });
    expect(listFiltersFrom(new URLSearchParams("type=spaceship")).filters).toEqual({});
    expect(listFiltersFrom(new URLSearchParams("sort=document_date")).filters).toEqual({ sort: "document_date" });
    // The document-date order is asked of the API (the live list is upload order); newest is not.
    expect(isFiltered({ sort: "document_date" })).toBe(true);
    expect(isFiltered({ sort: "newest" })).toBe(false);
    expect(listFilterParams({ type: "receipt", correspondent: "  Corner Shop " })).toEqual({
      type: "receipt",
      correspondent: "Corner Shop",
    });
  });

  it("reads only the filters the API knows from the URL", () => {
    const { filters, key } = listFiltersFrom(new URLSearchParams("status=failed&from=2026-02-01&to=junk&sort=oldest&q=x"));
    expect(filters).toEqual({ status: "failed", from: "2026-02-01" });
    expect(key).toBe("status=failed&from=2026-02-01");
  });
});

describe("UploadDropzone on a touch screen", () => {
  it("offers Choose files and Take a photo instead of Drop … or click", async () => {
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      matches: query === "(pointer: coarse)",
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    })) as unknown as typeof window.matchMedia;
    try {
      render(
        <WithApp api={fakeApi()}>
          <UploadDropzone onFiles={() => undefined} />
        </WithApp>,
      );
      expect(await screen.findByRole("button", { name: "Choose files" })).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "Take a photo" })).toBeInTheDocument();
      expect(screen.getByLabelText("Take a photo to upload")).toHaveAttribute("capture", "environment");
      expect(screen.getByRole("group", { name: "Upload documents" })).not.toHaveTextContent(/drop|click/i);
    } finally {
      window.matchMedia = original;
    }
  });
});
