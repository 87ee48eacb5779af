import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "@/components/status-badge";

describe("StatusBadge", () => {
  it.each([
    [{ status: "uploading", page_count: null, pages_done: 0, retry_count: 0 }, "Queued"],
    [{ status: "processing", page_count: null, pages_done: 0, retry_count: 0 }, "Extracting text…"],
    [{ status: "processing", page_count: 12, pages_done: 3, retry_count: 0 }, "Extracting text… 3/12 pages"],
    [{ status: "uploading", page_count: null, pages_done: 0, retry_count: 1 }, "Retrying (attempt 2 of 4)"],
    [{ status: "processing", page_count: 2, pages_done: 1, retry_count: 2 }, "Retrying (attempt 3 of 4) · extracting text… 1/2 pages"],
    [{ status: "ocr_complete", page_count: 12, pages_done: 12, retry_count: 0 }, "Ready"],
    [{ status: "ocr_complete", page_count: 1, pages_done: 1, retry_count: 0, no_text: true }, "No text found"],
    [{ status: "failed", page_count: null, pages_done: 0, retry_count: 0 }, "Failed"],
  ] as const)("shows %o as “%s”", (doc, label) => {
    render(<StatusBadge doc={doc} />);
    expect(screen.getByTestId("status")).toHaveTextContent(label);
  });

  it("is not a live region of its own (the page has one)", () => {
    render(<StatusBadge doc={{ status: "processing", page_count: null, pages_done: 0, retry_count: 0 }} />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });
});
