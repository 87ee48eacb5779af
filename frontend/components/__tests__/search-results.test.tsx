import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SearchResults } from "@/components/search-results";
import { useSearch } from "@/hooks/use-search";
import type { DocumentRow, ListedDocument } from "@/lib/api/types";
import { type ApiClient, createApiClient } from "@/lib/api/client";
import { makeDoc } from "@/test/fakes";

vi.mock("next/navigation", () => ({
  useRouter: () => ({ replace: vi.fn() }),
  usePathname: () => "/",
  useSearchParams: () => new URLSearchParams("q=invoice"),
}));

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

/** The real client and request core over a stand-in for the API's answers. */
function apiAnswering(answer: (url: URL) => Response) {
  const fetchImpl = vi.fn(async (request: Request) => answer(new URL(request.url)));
  const api = createApiClient(async () => "jwt", { baseUrl: "http://api.test", fetchImpl: fetchImpl as unknown as typeof fetch });
  return { api, urls: () => fetchImpl.mock.calls.map(([request]) => new URL(request.url)) };
}

function result(name: string): ListedDocument {
  return { ...makeDoc({ status: "ocr_complete", display_name: name }), snippet: null };
}

function Harness({ api, live }: { api: ApiClient; live: DocumentRow[] }) {
  return <SearchResults search={useSearch(api, live)} />;
}

describe("search results: load more", () => {
  it("follows the cursor, appends the next page once, and stops at the last page", async () => {
    const first = [result("Invoice March"), result("Invoice April")];
    const second = [first[1], result("Invoice May")]; // a repeat (the list moved) is shown once
    const { api, urls } = apiAnswering((url) => {
      const cursor = url.searchParams.get("cursor");
      const body = cursor
        ? { documents: second, next_cursor: null, total: 3 }
        : { documents: first, next_cursor: "after-april", total: 3 };
      return new Response(JSON.stringify(body), { status: 200 });
    });

    render(<Harness api={api} live={[]} />);
    const results = await screen.findByRole("region", { name: "Search results" });
    await within(results).findByText("Invoice April");
    expect(screen.getByTestId("results-count")).toHaveTextContent("Showing 2 of 3");

    await userEvent.click(screen.getByRole("button", { name: "Load more results" }));
    await within(results).findByText("Invoice May");
    const cursorCall = urls().find((url) => url.searchParams.has("cursor"));
    expect(cursorCall?.searchParams.get("cursor")).toBe("after-april");
    expect(cursorCall?.searchParams.get("q")).toBe("invoice");
    expect(within(results).getAllByRole("article").map((a) => a.textContent)).toEqual([
      expect.stringContaining("Invoice March"),
      expect.stringContaining("Invoice April"),
      expect.stringContaining("Invoice May"),
    ]);
    expect(screen.queryByRole("button", { name: "Load more results" })).toBeNull();
  });

  it("a failed page keeps the results shown and says why", async () => {
    const { api } = apiAnswering((url) =>
      url.searchParams.get("cursor")
        ? new Response(JSON.stringify({ detail: "Invalid cursor; start again from the first page." }), { status: 400 })
        : new Response(JSON.stringify({ documents: [result("Invoice June")], next_cursor: "c", total: 2 }), { status: 200 }),
    );

    render(<Harness api={api} live={[]} />);
    await screen.findByText("Invoice June");
    await userEvent.click(screen.getByRole("button", { name: "Load more results" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid cursor");
    expect(screen.getByText("Invoice June")).toBeInTheDocument();
  });
});

describe("search results: the page of a hit", () => {
  it("says which page the snippet is from and links to the document opened at that page", async () => {
    const manual: ListedDocument = {
      ...result("Pump manual"),
      snippet: [
        { text: "Page 22 of the pump manual. ", match: false },
        { text: "Fatal error", match: true },
        { text: ". Call the service line.", match: false },
      ],
      snippet_page: 22,
    };
    const byTitle: ListedDocument = { ...result("Invoice index"), snippet: null, snippet_page: null };
    const { api } = apiAnswering(
      () => new Response(JSON.stringify({ documents: [manual, byTitle], next_cursor: null, total: 2 }), { status: 200 }),
    );

    render(<Harness api={api} live={[]} />);
    const hit = await screen.findByRole("article", { name: "Pump manual" });
    expect(within(hit).getByText("Fatal error").tagName).toBe("MARK");
    const link = within(hit).getByRole("link", { name: "Open Pump manual at page 22" });
    expect(link).toHaveTextContent("page 22");
    expect(link).toHaveAttribute("href", `/documents/${manual.id}?page=22`);
    // Found by its title only: no page of the text to open at.
    const other = screen.getByRole("article", { name: "Invoice index" });
    expect(within(other).queryByRole("link", { name: /at page/ })).toBeNull();
  });
});
