import { render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import DocumentDetailPage from "@/app/(app)/documents/[id]/page";
import { fakeApi, fakeDocuments, makeDoc, WithApp } from "@/test/fakes";

const search = { value: "" };
vi.mock("next/navigation", () => ({
  useParams: () => ({ id: "doc-manual" }),
  useRouter: () => ({ replace: vi.fn(), push: vi.fn() }),
  usePathname: () => "/documents/doc-manual",
  useSearchParams: () => new URLSearchParams(search.value),
}));

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

const manual = makeDoc({
  id: "doc-manual",
  filename: "pump-manual.pdf",
  status: "ocr_complete",
  metadata_status: "complete",
  display_name: "Pump manual",
  page_count: 24,
});

function renderDetail(query: string) {
  search.value = query;
  const api = fakeApi({
    getDocument: vi.fn(async () => ({ ...manual, ocr: { text: "Fatal error.", page_count: 24 } })),
  });
  render(
    <WithApp api={api} documents={fakeDocuments([manual])}>
      <DocumentDetailPage />
    </WithApp>,
  );
}

describe("the document view opened from a search hit", () => {
  beforeEach(() => {
    // A desktop browser with a built-in PDF viewer.
    Object.defineProperty(navigator, "pdfViewerEnabled", { value: true, configurable: true });
  });
  afterEach(() => {
    Reflect.deleteProperty(navigator, "pdfViewerEnabled");
  });

  it("opens the PDF at the page of the match (?page=22 → #page=22)", async () => {
    renderDetail("page=22");
    const viewer = await screen.findByTitle("Preview of pump-manual.pdf, at page 22");
    expect(viewer.getAttribute("src")).toMatch(/^blob:.*#page=22$/);
  });

  it("opens at the start with a page the document does not have", async () => {
    renderDetail("page=99");
    const viewer = await screen.findByTitle("Preview of pump-manual.pdf");
    expect(viewer.getAttribute("src")).not.toContain("#page=");
  });
});
