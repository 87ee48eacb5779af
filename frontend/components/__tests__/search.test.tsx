import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DocumentActions } from "@/components/document-actions";
import { DuplicateNotice } from "@/components/duplicate-notice";
import { EditableField } from "@/components/editable-field";
import { SearchBox } from "@/components/search-box";
import { Snippet } from "@/components/snippet";
import { TagChips } from "@/components/tag-chips";
import { ApiError } from "@/lib/api/errors";
import { fakeApi, makeDoc, WithAuth } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

afterEach(() => {
  vi.useRealTimers();
});

describe("SearchBox", () => {
  it("sends the query once typing pauses, not on every keystroke", () => {
    vi.useFakeTimers();
    const onSearch = vi.fn();
    render(<SearchBox value="" onSearch={onSearch} delayMs={300} />);
    const input = screen.getByRole("searchbox", { name: "Search documents" });
    fireEvent.change(input, { target: { value: "in" } });
    act(() => vi.advanceTimersByTime(100));
    fireEvent.change(input, { target: { value: "invoice" } });
    act(() => vi.advanceTimersByTime(299));
    expect(onSearch).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith("invoice");
  });

  it("shows a query that changed from outside (a shared link, the back button)", () => {
    const onSearch = vi.fn();
    const view = render(<SearchBox value="" onSearch={onSearch} />);
    view.rerender(<SearchBox value="tax 2026" onSearch={onSearch} />);
    expect(screen.getByRole("searchbox")).toHaveValue("tax 2026");
    expect(onSearch).not.toHaveBeenCalled();
  });
});

describe("Snippet", () => {
  it("marks the matched words and renders the document's text as text, never as HTML", () => {
    const { container } = render(
      <Snippet
        parts={[
          { text: "before <img src=x onerror=alert(1)> the ", match: false },
          { text: "gasket", match: true },
          { text: " after", match: false },
        ]}
      />,
    );
    expect(container.querySelectorAll("mark")).toHaveLength(1);
    expect(container.querySelector("mark")).toHaveTextContent("gasket");
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent("before <img src=x onerror=alert(1)> the gasket after");
  });
});

describe("TagChips", () => {
  it("filters by a tag, and pressing the active tag clears the filter", async () => {
    const onSelect = vi.fn();
    const view = render(<TagChips tags={["tax", "home"]} onSelect={onSelect} />);
    await userEvent.click(screen.getByRole("button", { name: "tax" }));
    expect(onSelect).toHaveBeenLastCalledWith("tax");
    view.rerender(<TagChips tags={["tax", "home"]} active="tax" onSelect={onSelect} />);
    expect(screen.getByRole("button", { name: "tax" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(screen.getByRole("button", { name: "tax" }));
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });
});

describe("EditableField", () => {
  it("edits in place, saves on Enter and shows the edited mark", async () => {
    const onSave = vi.fn(async () => undefined);
    const view = render(<EditableField label="Title" value="Scan 001" edited={false} onSave={onSave} />);
    expect(screen.queryByText("edited")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Edit title" }));
    const input = screen.getByLabelText("Title");
    await userEvent.clear(input);
    await userEvent.type(input, "Car insurance{Enter}");
    expect(onSave).toHaveBeenCalledWith("Car insurance");
    view.rerender(<EditableField label="Title" value="Car insurance" edited onSave={onSave} />);
    await waitFor(() => expect(screen.getByText("edited")).toBeInTheDocument());
    expect(screen.getByText("Car insurance")).toBeInTheDocument();
  });

  it("Escape cancels, and a refused value stays in the box with the reason", async () => {
    const onSave = vi.fn(async () => {
      throw new ApiError(422, "Invalid request: display_name: must not be blank");
    });
    render(<EditableField label="Title" value="Scan" edited={false} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit title" }));
    await userEvent.type(screen.getByLabelText("Title"), "{Escape}");
    expect(screen.getByRole("button", { name: "Edit title" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Edit title" }));
    await userEvent.clear(screen.getByLabelText("Title"));
    await userEvent.type(screen.getByLabelText("Title"), " {Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("must not be blank");
    expect(screen.getByLabelText("Title")).toHaveValue(" ");
  });
});

describe("DuplicateNotice", () => {
  it("says where the bytes were uploaded before, with a link to it", () => {
    render(
      <WithAuth api={fakeApi()}>
        <DuplicateNotice doc={makeDoc({ id: "dup", status: "ocr_complete", duplicate_of: "orig" })} />
      </WithAuth>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Already uploaded as an earlier document");
    expect(screen.getByRole("link")).toHaveAttribute("href", "/documents/orig");
    expect(screen.getByRole("button", { name: "Keep both" })).toBeEnabled();
  });

  it("Remove deletes the copy", async () => {
    const api = fakeApi();
    const onRemoved = vi.fn();
    render(
      <WithAuth api={api}>
        <DuplicateNotice doc={makeDoc({ id: "dup2", duplicate_of: "orig" })} onRemoved={onRemoved} />
      </WithAuth>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Remove this copy" }));
    await waitFor(() => expect(onRemoved).toHaveBeenCalled());
    expect(api.deleteDocument).toHaveBeenCalledWith("dup2");
  });

  it("shows nothing for a document that is not a duplicate", () => {
    const { container } = render(
      <WithAuth api={fakeApi()}>
        <DuplicateNotice doc={makeDoc()} />
      </WithAuth>,
    );
    expect(container).toBeEmptyDOMElement();
  });
});

describe("Regenerate with edited fields", () => {
  it("asks first, and passes the person's choice to the API", async () => {
    const api = fakeApi();
    const doc = makeDoc({ status: "ocr_complete", metadata_status: "complete", edited_fields: ["display_name"] });
    render(
      <WithAuth api={api}>
        <DocumentActions doc={doc} />
      </WithAuth>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("You edited the title");
    expect(api.regenerateMetadata).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Keep my edits" }));
    await waitFor(() => expect(api.regenerateMetadata).toHaveBeenCalled());
    expect(vi.mocked(api.regenerateMetadata).mock.calls[0]?.[3]).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    await userEvent.click(screen.getByRole("button", { name: "Replace my edits" }));
    await waitFor(() => expect(api.regenerateMetadata).toHaveBeenCalledTimes(2));
    expect(vi.mocked(api.regenerateMetadata).mock.calls[1]?.[3]).toBe(true);
  });

  it("does not ask when nothing was edited", async () => {
    const api = fakeApi();
    render(
      <WithAuth api={api}>
        <DocumentActions doc={makeDoc({ status: "ocr_complete", metadata_status: "complete" })} />
      </WithAuth>,
    );
    await userEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    await waitFor(() => expect(api.regenerateMetadata).toHaveBeenCalled());
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });
});

describe("live search results", () => {
  it("search again when a document finishes or is renamed, not on every page of progress", async () => {
    const { liveKey } = await import("@/hooks/use-search");
    const doc = makeDoc({ id: "a", status: "processing", pages_done: 1, page_count: 9 });
    const key = liveKey([doc]);
    expect(liveKey([{ ...doc, pages_done: 5 }])).toBe(key);
    expect(liveKey([{ ...doc, status: "ocr_complete" }])).not.toBe(key);
    expect(liveKey([{ ...doc, display_name: "Renamed" }])).not.toBe(key);
    expect(liveKey([doc, makeDoc({ id: "b" })])).not.toBe(key);
  });
});
