import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusHistory } from "@/components/status-history";
import type { TimelineEntry } from "@/lib/api/types";

const at = (second: number) => `2026-01-01T10:00:${String(second).padStart(2, "0")}.000000+00:00`;

describe("StatusHistory", () => {
  it("tells the stored timeline in words, with the server's times, retries and reasons", () => {
    const entries: TimelineEntry[] = [
      { event: "uploading", attempt: 1, error_code: null, message: null, at: at(0) },
      { event: "processing", attempt: 1, error_code: null, message: null, at: at(1) },
      { event: "failed", attempt: 1, error_code: "corrupt_file", message: "This PDF is damaged.", at: at(2) },
      { event: "uploading", attempt: 2, error_code: null, message: null, at: at(3) },
      { event: "processing", attempt: 2, error_code: null, message: null, at: at(4) },
      { event: "ocr_complete", attempt: 2, error_code: null, message: null, at: at(5) },
      { event: "metadata_complete", attempt: 1, error_code: null, message: null, at: at(6) },
    ];
    render(<StatusHistory entries={entries} />);
    const items = within(screen.getByRole("list", { name: "Status history" })).getAllByRole("listitem");
    expect(items.map((li) => li.textContent?.slice(li.querySelector("time")!.textContent!.length).trim())).toEqual([
      "Uploaded",
      "Text extraction started",
      "Failed: This PDF is damaged.",
      "Queued again (attempt 2)",
      "Text extraction started (attempt 2)",
      "Text extracted",
      "Title, tags and summary saved",
    ]);
    expect(items[0]!.querySelector("time")).toHaveAttribute("dateTime", at(0));
  });

  it("says so while loading and when nothing is recorded", () => {
    const view = render(<StatusHistory entries={null} />);
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    view.rerender(<StatusHistory entries={[]} />);
    expect(screen.getByText("Nothing recorded yet.")).toBeInTheDocument();
  });
});
