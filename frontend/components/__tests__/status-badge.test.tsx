import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "@/components/status-badge";

describe("StatusBadge", () => {
  it.each([
    [{ status: "uploading", page_count: null, pages_done: 0 }, "Uploading"],
    [{ status: "processing", page_count: null, pages_done: 0 }, "Extracting text…"],
    [{ status: "processing", page_count: 12, pages_done: 3 }, "Extracting text… 3/12 pages"],
    [{ status: "ocr_complete", page_count: 12, pages_done: 12 }, "Ready"],
    [{ status: "failed", page_count: null, pages_done: 0 }, "Failed"],
  ] as const)("shows %o as “%s”", (doc, label) => {
    render(<StatusBadge doc={doc} />);
    expect(screen.getByRole("status")).toHaveTextContent(label);
  });
});
