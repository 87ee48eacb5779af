import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useDocuments } from "@/hooks/use-documents";
import type { DocumentRow } from "@/lib/api/types";
import { createSupabaseFeed } from "@/lib/realtime/supabase-feed";
import { fakeApi, page, fakeRealtime, makeDoc, OTHER_USER_ID, USER_ID } from "@/test/fakes";

/** The hook over the Supabase transport: the real feed adapter on a fake Realtime channel. */
function setup(initialRows: DocumentRow[] = []) {
  const realtime = fakeRealtime();
  let serverRows = initialRows;
  const api = fakeApi({ listDocuments: vi.fn(async () => page(serverRows)) });
  const feed = createSupabaseFeed({ client: realtime.client, userId: USER_ID, getToken: async () => "user-jwt" });
  const hook = renderHook(() => useDocuments({ api, feed, userId: USER_ID }));
  return { realtime, api, hook, setServerRows: (rows: DocumentRow[]) => void (serverRows = rows) };
}

const payload = (eventType: string, row: DocumentRow, userId = USER_ID) => ({
  schema: "public",
  table: "documents",
  commit_timestamp: row.updated_at,
  eventType,
  new: { ...row, user_id: userId },
  old: eventType === "INSERT" ? {} : { id: row.id },
  errors: null,
});

describe("useDocuments over Supabase Realtime", () => {
  it("authorises the socket with the user's token and subscribes to their rows only", async () => {
    const { realtime } = setup();
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    expect(realtime.setAuth).toHaveBeenCalledWith("user-jwt");
    expect(realtime.channels[0]!.filter).toEqual({
      event: "*",
      schema: "public",
      table: "documents",
      filter: `user_id=eq.${USER_ID}`,
    });
  });

  it("re-fetches on SUBSCRIBED and again after every re-subscribe", async () => {
    const first = makeDoc({ filename: "first.pdf" });
    const { realtime, api, hook, setServerRows } = setup([first]);
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    act(() => realtime.status("SUBSCRIBED"));
    await waitFor(() => expect(hook.result.current.isConnected).toBe(true));
    const callsAfterSubscribe = vi.mocked(api.listDocuments).mock.calls.length;

    const missed = makeDoc({ filename: "missed.pdf" });
    setServerRows([missed, first]);
    act(() => realtime.status("CHANNEL_ERROR"));
    expect(hook.result.current.isConnected).toBe(false);
    act(() => realtime.status("SUBSCRIBED")); // supabase-js rejoined by itself
    await waitFor(() => expect(api.listDocuments).toHaveBeenCalledTimes(callsAfterSubscribe + 1));
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.filename).sort()).toEqual(["first.pdf", "missed.pdf"]));
  });

  it("applies changes in time order, whatever order they arrive in", async () => {
    const { realtime, hook } = setup();
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    const doc = makeDoc();
    act(() => {
      realtime.emit(payload("UPDATE", { ...doc, status: "failed", error_message: "Corrupt PDF", updated_at: "2026-01-01T10:00:09Z" }));
      realtime.emit(payload("INSERT", { ...doc, status: "uploading", updated_at: "2026-01-01T10:00:01Z" }));
      realtime.emit(payload("UPDATE", { ...doc, status: "processing", updated_at: "2026-01-01T10:00:02Z" }));
    });
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(1));
    expect(hook.result.current.documents[0]).toMatchObject({ status: "failed", error_message: "Corrupt PDF" });
  });

  it("ignores another user's rows if they ever reach the channel", async () => {
    const { realtime, hook } = setup();
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    act(() => {
      realtime.emit(payload("INSERT", makeDoc({ filename: "theirs.pdf" }), OTHER_USER_ID));
      realtime.emit(payload("INSERT", makeDoc({ filename: "mine.pdf" })));
    });
    await waitFor(() => expect(hook.result.current.documents.map((d) => d.filename)).toEqual(["mine.pdf"]));
  });

  it("removes a document on DELETE (Realtime sends only the primary key)", async () => {
    const doc = makeDoc();
    const { realtime, hook } = setup([doc]);
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(1));
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    act(() => realtime.emit({ eventType: "DELETE", new: {}, old: { id: doc.id } }));
    await waitFor(() => expect(hook.result.current.documents).toHaveLength(0));
  });

  it("removes the channel on unmount", async () => {
    const { realtime, hook } = setup();
    await waitFor(() => expect(realtime.channels).toHaveLength(1));
    hook.unmount();
    expect(realtime.channels[0]!.removed).toBe(true);
  });
});
