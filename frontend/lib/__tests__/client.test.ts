/**
 * Every call of the ApiClient goes through the one request core: the token is sent, and a 401
 * from any of them signs the session out once (search, edits, keep, export and the text
 * download had a transport of their own that did neither).
 */
import { createApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { listQueryParams } from "@/lib/list-query";

function client(answer: (request: Request) => Response) {
  const requests: Request[] = [];
  const onUnauthorized = vi.fn();
  const fetchImpl = vi.fn(async (request: Request) => {
    requests.push(request);
    return answer(request);
  });
  const api = createApiClient(async () => "jwt", {
    baseUrl: "http://api.test",
    fetchImpl: fetchImpl as unknown as typeof fetch,
    onUnauthorized,
  });
  return { api, requests, onUnauthorized };
}

const expired = () => new Response(JSON.stringify({ detail: "Token has expired" }), { status: 401 });

const calls = {
  search: (api: ReturnType<typeof createApiClient>) => api.listDocuments({ q: "invoice" }),
  edit: (api: ReturnType<typeof createApiClient>) => api.updateMetadata("d1", { display_name: "Rent" }),
  keep: (api: ReturnType<typeof createApiClient>) => api.keepDuplicate("d1"),
  export: (api: ReturnType<typeof createApiClient>) => api.exportDocuments({ q: "invoice" }, "csv"),
  "text download": (api: ReturnType<typeof createApiClient>) => api.downloadText("d1", "markdown"),
};

describe("the ApiClient's calls share the request core", () => {
  it.each(Object.entries(calls))("%s: an expired session is reported (once) and the call fails with its detail", async (_name, call) => {
    const { api, requests, onUnauthorized } = client(expired);
    await expect(call(api)).rejects.toEqual(new ApiError(401, "Token has expired"));
    await expect(call(api)).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).toHaveBeenCalledWith("Token has expired");
    expect(requests[0]!.headers.get("Authorization")).toBe("Bearer jwt");
  });

  it("search sends every filter of the ListQuery, and the export the same filters", async () => {
    const { api, requests } = client((request) =>
      request.url.includes("/export")
        ? new Response("id\n", { status: 200, headers: { "Content-Disposition": 'attachment; filename="mine.csv"' } })
        : new Response(JSON.stringify({ documents: [], next_cursor: null, total: 0 }), { status: 200 }),
    );
    const filters = {
      q: "  invoice  ",
      status: "failed",
      tag: "tax",
      from: "2026-01-01T00:00:00Z",
      to: "2026-02-01T00:00:00Z",
      sort: "newest",
    } as const;
    await api.listDocuments({ ...filters, cursor: "c1", limit: 20 });
    const file = await api.exportDocuments(filters, "csv");

    const expected = { q: "invoice", status: "failed", tag: "tax", from: filters.from, to: filters.to, sort: "newest" };
    const [list, exported] = requests.map((request) => Object.fromEntries(new URL(request.url).searchParams));
    expect(list).toEqual({ ...expected, limit: "20", cursor: "c1" });
    expect(exported).toEqual({ ...expected, format: "csv" });
    expect(file.name).toBe("mine.csv");
    expect(file.blob.size).toBe(3);
  });

  it("blank filters are left out", () => {
    expect(listQueryParams({ q: "   ", tag: "", cursor: null })).toEqual({ limit: 50 });
  });

  it("Retry sends the chosen language with the document's id (a form), and none when not chosen", async () => {
    const accepted = () => new Response(JSON.stringify({ document_id: "d1", filename: "a.pdf", status: "uploading" }), { status: 202 });
    const { api, requests } = client(accepted);
    await api.retryOcr("d1", "fr");
    await api.retryOcr("d1");
    const [chosen, plain] = await Promise.all(requests.map(async (r) => Object.fromEntries(new URLSearchParams(await r.text()))));
    expect(requests[0]!.url).toBe("http://api.test/api/document/retry-ocr");
    expect(requests[0]!.headers.get("Authorization")).toBe("Bearer jwt");
    expect(chosen).toEqual({ document_id: "d1", language: "fr" });
    expect(plain).toEqual({ document_id: "d1" });
  });
});
