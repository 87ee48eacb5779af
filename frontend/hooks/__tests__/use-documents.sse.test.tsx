import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useDocuments } from "@/hooks/use-documents";
import type { DocumentRow } from "@/lib/api/types";
import { createHttp } from "@/lib/api/http";
import { createSseFeed } from "@/lib/realtime/sse-feed";
import { fakeApi, page, fakeSseServer, makeDoc, OTHER_USER_ID, USER_ID } from "@/test/fakes";

/** The hook over the local transport: the real SSE feed reading a fake event-stream server. */
function setup(initialRows: DocumentRow[] = []) {
  const server = fakeSseServer();
  let serverRows = initialRows;
  const api = fakeApi({ listDocuments: vi.fn(async () => page(serverRows)) });
  const onUnauthorized = vi.fn();
  const http = createHttp({ baseUrl: "http://api.test", getToken: async () => "jwt", fetchImpl: server.fetchImpl, onUnauthorized });
  const feed = createSseFeed({ http, backoffMs: () => 0 });
  const hook = renderHook(() => useDocuments({ api, feed, userId: USER_ID }));
  return { server, api, hook, onUnauthorized, setServerRows: (rows: DocumentRow[]) => void (serverRows = rows) };
}

const change = (eventType: string, row: Partial<DocumentRow> & { id: string }, userId = USER_ID) => ({
  eventType,
  new: { ...row, user_id: userId },
  old: eventType === "INSERT" ? {} : { id: row.id, user_id: userId, status: row.status },
});

describe("useDocuments over the SSE feed", () => {
  it("sends the token in the Authorization header and reports connected after `ready`", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.connections).toHaveLength(1));
    expect(server.connections[0]!.request.headers.get("Authorization")).toBe("Bearer jwt");
    expect(hook.result.current.isConnected).toBe(false);
    act(() => server.send("ready", {}));
    await waitFor(() => expect(hook.result.current.isConnected).toBe(true));
  });

  it("shows an inserted document at once and follows its updates", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.connections).toHaveLength(1));
    const doc = makeDoc({ updated_at: "2026-01-01T10:00:00.000001Z" });
    act(() => server.send("change", change("INSERT", doc)));
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.id)).toEqual([doc.id]));

    act(() =>
      server.send(
        "change",
        change("UPDATE", { ...doc, status: "processing", page_count: 12, pages_done: 3, updated_at: "2026-01-01T10:00:01.5Z" }),
      ),
    );
    await waitFor(() => expect(hook.result.current.documents[0]).toMatchObject({ status: "processing", pages_done: 3 }));
  });

  it("never lets an older event overwrite a newer one, even within the same millisecond", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.connections).toHaveLength(1));
    const doc = makeDoc();
    const marker = makeDoc({ filename: "marker.pdf" });
    act(() => {
      server.send("change", change("UPDATE", { ...doc, status: "ocr_complete", updated_at: "2026-01-01T10:00:05.123457+00:00" }));
      // Arrives late but happened 1 µs earlier (the API prints "Z", the feed "+00:00").
      server.send("change", change("UPDATE", { ...doc, status: "processing", updated_at: "2026-01-01T10:00:05.123456Z" }));
      server.ping();
      // Sent last: once it shows, every earlier event has been applied (the stream is in order).
      server.send("change", change("INSERT", marker));
    });
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.id)).toContain(marker.id));
    expect(hook.result.current.documents.find((d) => d.id === doc.id)?.status).toBe("ocr_complete");
  });

  it("ignores rows that belong to another user", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.connections).toHaveLength(1));
    act(() => {
      server.send("change", change("INSERT", makeDoc({ filename: "theirs.pdf" }), OTHER_USER_ID));
      server.send("change", change("INSERT", makeDoc({ filename: "mine.pdf" })));
    });
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.filename)).toEqual(["mine.pdf"]));
  });

  it("re-fetches the list after every reconnect, picking up what it missed", async () => {
    const kept = makeDoc({ filename: "kept.pdf" });
    const removedWhileAway = makeDoc({ filename: "removed.pdf" });
    const { server, hook, api, setServerRows } = setup([kept, removedWhileAway]);
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(2));
    act(() => server.send("ready", {}));
    await waitFor(() => expect(api.listDocuments).toHaveBeenCalledTimes(2));

    // While the connection is down, one document is deleted and one is added elsewhere.
    const addedWhileAway = makeDoc({ filename: "added.pdf", status: "ocr_complete" });
    setServerRows([addedWhileAway, kept]);
    act(() => server.drop());
    await waitFor(() => expect(hook.result.current.isConnected).toBe(false));
    await waitFor(() => expect(server.connections).toHaveLength(2));
    act(() => server.send("ready", {}));

    await waitFor(() => expect(api.listDocuments).toHaveBeenCalledTimes(3));
    await waitFor(() =>
      expect(hook.result.current.documents.map((d) => d.filename).sort()).toEqual(["added.pdf", "kept.pdf"]),
    );
    expect(hook.result.current.isConnected).toBe(true);
  });

  it("fetches a row by id when the event was too large to carry it", async () => {
    const big = makeDoc({ status: "ocr_complete", summary: "x".repeat(9000), updated_at: "2026-01-01T11:00:00Z" });
    const { server, hook, api } = setup();
    vi.mocked(api.getDocument).mockResolvedValue({ ...big, ocr: null });
    await waitFor(() => expect(server.connections).toHaveLength(1));
    act(() => server.send("change", { eventType: "UPDATE", id: big.id, user_id: USER_ID, truncated: true }));
    await waitFor(() => expect(hook.result.current.documents[0]?.summary).toHaveLength(9000));
    expect(api.getDocument).toHaveBeenCalledWith(big.id);
  });

  it("drops a deleted document and does not bring it back from a stale list", async () => {
    const doc = makeDoc();
    const { server, hook, setServerRows } = setup([doc]);
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(1));
    act(() => server.send("change", { eventType: "DELETE", new: {}, old: { id: doc.id, user_id: USER_ID } }));
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(0));
    // The server's list still had it when the next fetch started. A newcomer in the same list
    // shows when that list has been applied, so the check below cannot run too early.
    const newcomer = makeDoc({ filename: "newcomer.pdf" });
    setServerRows([doc, newcomer]);
    act(() => server.send("ready", {}));
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.id)).toEqual([newcomer.id]));
  });

  it("stops the connection on unmount", async () => {
    const { server, hook } = setup();
    await waitFor(() => expect(server.connections).toHaveLength(1));
    hook.unmount();
    expect(server.connections[0]!.signal.aborted).toBe(true);
  });

  it("stops retrying on a 401 and reports it once, so the app signs out instead of looping", async () => {
    const server = fakeSseServer();
    server.answer(401);
    const onUnauthorized = vi.fn();
    const http = createHttp({ baseUrl: "http://api.test", getToken: async () => "expired", fetchImpl: server.fetchImpl, onUnauthorized });
    const feed = createSseFeed({ http, backoffMs: () => 0 });
    const onDisconnected = vi.fn();
    const stop = feed({ onChange: vi.fn(), onSubscribed: vi.fn(), onDisconnected });
    await waitFor(() => expect(onDisconnected).toHaveBeenCalledTimes(1));
    // Other paths may see a 401 too: the sign-out is reported once per session.
    await expect(http.send("/api/documents")).rejects.toMatchObject({ status: 401 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.refused.length).toBe(2); // the feed's one try and the list request; no reconnects
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    stop();
  });

  it("pages with the cursor and keeps the count current as documents come and go", async () => {
    const first = [makeDoc(), makeDoc()].reverse(); // newest first, as the API lists them
    const older = makeDoc({ created_at: "2025-12-01T00:00:00+00:00" });
    const server = fakeSseServer();
    let firstPage = page(first, "c1", 3);
    const listDocuments = vi.fn(async (query: { cursor?: string | null }) =>
      query.cursor === "c1" ? page([older], null, 3) : firstPage,
    );
    const api = fakeApi({ listDocuments });
    const http = createHttp({ baseUrl: "http://api.test", getToken: async () => "jwt", fetchImpl: server.fetchImpl });
    const feed = createSseFeed({ http, backoffMs: () => 0 });
    const hook = renderHook(() => useDocuments({ api, feed, userId: USER_ID }));
    await waitFor(() => expect(hook.result.current.total).toBe(3));
    expect(hook.result.current.documents).toHaveLength(2);
    expect(hook.result.current.hasMore).toBe(true);
    await act(() => hook.result.current.loadMore());
    expect(listDocuments).toHaveBeenLastCalledWith({ cursor: "c1" });
    expect(hook.result.current.documents.map((d) => d.id).at(-1)).toBe(older.id);
    expect(hook.result.current.hasMore).toBe(false);

    await waitFor(() => expect(server.connections).toHaveLength(1));
    const fresh = makeDoc({ created_at: "2026-02-01T00:00:00+00:00" });
    act(() => server.send("change", change("INSERT", fresh)));
    await waitFor(() => expect(hook.result.current.total).toBe(4));
    act(() => server.send("change", { eventType: "DELETE", new: {}, old: { id: older.id, user_id: USER_ID } }));
    await waitFor(() => expect(hook.result.current.total).toBe(3));
    // A re-fetch of the first page after a reconnect keeps what lies beyond it loaded.
    firstPage = page([fresh, first[0]!], "c2", 3);
    act(() => server.send("ready", {}));
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.id)).toEqual([fresh.id, ...first.map((d) => d.id)]));
    expect(hook.result.current.total).toBe(3);
  });
});
