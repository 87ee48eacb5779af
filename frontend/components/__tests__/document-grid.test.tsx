import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { BatchBar } from "@/components/batch-bar";
import { DocumentGrid } from "@/components/document-grid";
import type { UploadBatch, UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { fakeApi, makeDoc, WithApp } from "@/test/fakes";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

function upload(name: string, overrides: Partial<UploadItem> = {}): UploadItem {
  return { localId: `local-${name}`, batchId: 1, name, size: 100, progress: 0.5, phase: "sending", after: null, ...overrides };
}

function renderGrid(documents: DocumentRow[], uploads: UploadItem[], total: number, hasMore = false) {
  render(
    <WithApp api={fakeApi()}>
      <DocumentGrid
        documents={documents}
        uploads={uploads}
        isLoading={false}
        onDismissUpload={() => undefined}
        total={total}
        hasMore={hasMore}
        isLoadingMore={false}
        onLoadMore={() => undefined}
      />
    </WithApp>,
  );
}

const ready = (n: number) =>
  Array.from({ length: n }, () => makeDoc({ status: "ocr_complete", metadata_status: "complete", display_name: "Done" }));

describe("the list's count", () => {
  it("counts the documents in flight, so it matches the cards, and says how many are in progress", () => {
    // The total was counted when the page loaded (2); since then the feed listed 3 more, and 4
    // uploads are on their way (one of them already stored), one file was refused.
    const listed = [...ready(2), makeDoc({ status: "uploading" }), makeDoc({ status: "processing" }), ...ready(1)];
    const uploads = [upload("a.pdf"), upload("b.pdf"), upload("c.pdf", { phase: "sent" }), upload("big.exe", { phase: "rejected", error: "refused" })];
    renderGrid(listed, uploads, 2);
    const cards = screen.getAllByRole("article");
    const refused = 1;
    expect(cards).toHaveLength(5 + 3 + refused);
    expect(screen.getByTestId("list-count")).toHaveTextContent(/^8 documents, 5 in progress$/);
  });

  it("counts a document whose title and tags are still to come as in progress", () => {
    renderGrid([...ready(2), makeDoc({ status: "ocr_complete", metadata_status: "pending", display_name: null })], [], 3);
    expect(screen.getByTestId("list-count")).toHaveTextContent(/^3 documents, 1 in progress$/);
  });

  it("says how many are shown while more can be loaded", () => {
    renderGrid(ready(3), [upload("new.pdf")], 10, true);
    expect(screen.getByTestId("list-count")).toHaveTextContent(/^Showing 4 of 11 documents$/);
  });
});

describe("the batch line", () => {
  it("counts a file refused before upload as refused, as its card says, not as failed", () => {
    const failedDoc = makeDoc({ id: "doc-failed", status: "failed" });
    const readyDoc = makeDoc({ id: "doc-ready", status: "ocr_complete" });
    const items = [
      upload("bad.exe", { phase: "rejected", error: "“bad.exe” was refused: not a PDF or an image." }),
      upload("broken.pdf", { phase: "accepted", documentId: "doc-failed" }),
      upload("fine.pdf", { phase: "accepted", documentId: "doc-ready" }),
    ];
    const batch: UploadBatch = { id: 1, localIds: items.map((item) => item.localId) };
    render(<BatchBar batch={batch} items={items} documents={[failedDoc, readyDoc]} onDismiss={() => undefined} />);
    expect(screen.getByTestId("batch-bar")).toHaveTextContent("1 of 3 ready · 1 failed · 1 refused");
    expect(screen.getByRole("button", { name: "Dismiss" })).toBeInTheDocument();
  });
});
