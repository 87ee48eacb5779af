import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { initialListState, listReducer, usePagedList } from "@/hooks/use-paged-list";
import { ApiError } from "@/lib/api/errors";
import type { DocumentPage, ListedDocument } from "@/lib/api/types";
import type { ListQuery } from "@/lib/list-query";
import { fakeApi, makeDoc, page } from "@/test/fakes";

const MESSAGES = { first: "Could not load.", more: "Could not load more." };
const QUERY: ListQuery = { q: "invoice" };
const same = (row: ListedDocument) => row;
const listed = (name: string): ListedDocument => ({ ...makeDoc({ display_name: name }), snippet: null });

function setup(listDocuments: (query: ListQuery) => Promise<DocumentPage>) {
  const api = fakeApi({ listDocuments: vi.fn(listDocuments) });
  const hook = renderHook(() =>
    usePagedList({
      api,
      query: QUERY,
      reducer: listReducer<ListedDocument>,
      initialState: initialListState<ListedDocument>(),
      messages: MESSAGES,
      toRow: same,
    }),
  );
  return { api, hook };
}

describe("usePagedList", () => {
  it("drops a 'load more' answer that arrives after the list was fetched again", async () => {
    const a = listed("A");
    const late = listed("Late");
    const fresh = listed("Fresh");
    let releaseMore!: (value: DocumentPage) => void;
    let firstPage = page([a], "c1", 2);
    const { api, hook } = setup((query) =>
      query.cursor ? new Promise((resolve) => (releaseMore = resolve)) : Promise.resolve(firstPage),
    );
    await act(() => hook.result.current.refresh());
    expect(hook.result.current.state.rows).toEqual([a]);

    let more!: Promise<void>;
    act(() => void (more = hook.result.current.loadMore()));
    await waitFor(() => expect(hook.result.current.loadingMore).toBe(true));
    expect(api.listDocuments).toHaveBeenLastCalledWith({ q: "invoice", cursor: "c1" });

    firstPage = page([fresh, a], "c2", 3);
    await act(() => hook.result.current.refresh());
    await act(async () => {
      releaseMore(page([late], null, 2));
      await more;
    });
    expect(hook.result.current.state.rows.map((row) => row.display_name)).toEqual(["Fresh", "A"]);
    expect(hook.result.current.hasMore).toBe(true); // the fresh list's cursor, not the late page's end
    expect(hook.result.current.loadingMore).toBe(false);
  });

  it("a failed first page and a failed next page are reported apart, in the API's words", async () => {
    let failFirst = true;
    const { hook } = setup(async (query) => {
      if (query.cursor) throw new ApiError(400, "Invalid cursor; start again from the first page.");
      if (failFirst) throw new Error("socket hang up");
      return page([listed("A")], "c1", 2);
    });
    await act(() => hook.result.current.refresh());
    expect(hook.result.current.error).toBe("Could not load.");
    expect(hook.result.current.loading).toBe(false);

    failFirst = false;
    await act(() => hook.result.current.refresh());
    expect(hook.result.current.error).toBeNull();
    await act(() => hook.result.current.loadMore());
    expect(hook.result.current.moreError).toBe("Invalid cursor; start again from the first page.");
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.state.rows).toHaveLength(1);
  });
});
