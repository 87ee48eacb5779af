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
    getDocument: vi.fn(async () => ({ ...manual, ocr: { text: "Fatal error.", page_count: 24, total_chars: 12 } })),
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

describe("the document view's facts", () => {
  it("lists the facts, each page linking to this document opened at that page", async () => {
    search.value = "";
    const withFacts = {
      ...manual,
      facts: {
        reference: { value: "PM-24", page: 3, quote: "Model PM-24", confidence: 0.9, source: "local" as const },
      },
    };
    const api = fakeApi({ getDocument: vi.fn(async () => ({ ...withFacts, ocr: null })) });
    render(
      <WithApp api={api} documents={fakeDocuments([withFacts])}>
        <DocumentDetailPage />
      </WithApp>,
    );
    expect(screen.getByRole("heading", { name: "Facts" })).toBeTruthy();
    const link = screen.getByRole("link", { name: "Open at page 3" });
    expect(link.getAttribute("href")).toBe("/documents/doc-manual?page=3");
    expect(link.closest("dd")!.textContent).toContain("page 3: «Model PM-24»");
  });
});

describe("the document view's language", () => {
  it("names the language the document was read in", async () => {
    search.value = "";
    const german = { ...manual, language: "de" };
    const api = fakeApi({ getDocument: vi.fn(async () => ({ ...german, ocr: null })) });
    render(
      <WithApp api={api} documents={fakeDocuments([german])}>
        <DocumentDetailPage />
      </WithApp>,
    );
    expect(await screen.findByText(/· in German ·/)).toBeTruthy();
    expect(await screen.findByRole("combobox", { name: "Read again in" })).toBeTruthy();
  });
});

describe("the document view of a text cut at the budget", () => {
  it("says the text was cut and why, and that only its start is shown", async () => {
    search.value = "";
    const cut = { ...manual, text_truncated: true };
    const api = fakeApi({
      getDocument: vi.fn(async () => ({ ...cut, ocr: { text: "Fatal error.", page_count: 24, total_chars: 200000 } })),
    });
    render(
      <WithApp api={api} documents={fakeDocuments([cut])}>
        <DocumentDetailPage />
      </WithApp>,
    );
    expect((await screen.findByTestId("text-truncated")).textContent).toMatch(/text was cut.*same words/s);
    expect(await screen.findByText(/Only the start of the text is shown here/)).toBeTruthy();
  });
});
