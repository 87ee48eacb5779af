"use client";
/**
 * One paging engine for every list of documents (the live list and search): it asks
 * `api.listDocuments` for the first page of a `ListQuery`, follows the API's cursor on "load
 * more", and says what is in flight and what failed, under the same names everywhere.
 *
 * What is shown lives in a reducer the caller chooses, fed `snapshot` (a first page) and `page`
 * (the next one) actions: the live list merges them with its change feed
 * (lib/documents-store.ts), search simply shows them (`listReducer` below). A "load more" answer
 * that arrives after the list was fetched again, or after the query changed, is dropped: its
 * cursor belongs to a list that is no longer shown.
 */
import { type Reducer, useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { errorText } from "@/lib/api/errors";
import type { ListedDocument } from "@/lib/api/types";
import { type ListQuery, PAGE_SIZE } from "@/lib/list-query";

/** What the paging engine reads from the caller's state. */
export interface PagedState {
  /** Bumped by every change the reducer applies; a first page remembers where it started. */
  seq: number;
  loaded: boolean;
  /** Every document matching the query, loaded or not; null until the first page arrives. */
  total: number | null;
  /** Where the next page starts; null when everything is loaded. */
  nextCursor: string | null;
}

export type PageAction<Row> =
  | { type: "snapshot"; rows: Row[]; startedAtSeq: number; nextCursor: string | null; total: number }
  | { type: "page"; rows: Row[]; nextCursor: string | null; total: number }
  | { type: "reset" };

export interface PagedList {
  /** A first page is on its way (a new query, or the list fetched again). */
  loading: boolean;
  /** Why the last first page failed. */
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the last "load more" failed (what is shown stays). */
  moreError: string | null;
  /** Fetch the next page. */
  loadMore(): Promise<void>;
  /** Fetch the first page again (see `RefreshOptions`). */
  refresh(options?: RefreshOptions): Promise<void>;
}

export interface RefreshOptions {
  /** Fetch more than one page's worth at once (as many as are shown). */
  limit?: number;
  /** Aborted: the answer is not wanted any more (nothing is applied or reported). */
  signal?: AbortSignal;
  /** Wait this long first (already `loading`), so a burst of reasons to fetch makes one fetch. */
  delayMs?: number;
}

export interface UsePagedListOptions<Row, S extends PagedState, A> {
  api: ApiClient;
  /** The filters; `cursor` and `limit` are the engine's. */
  query: ListQuery;
  reducer: Reducer<S, A | PageAction<Row>>;
  initialState: S;
  /** What `error` / `moreError` say when the failure is not the API's answer. */
  messages: { first: string; more: string };
  /** The API's rows as this list's rows (the live list drops the search snippet). */
  toRow: (row: ListedDocument) => Row;
}

export function usePagedList<Row, S extends PagedState, A>({
  api,
  query,
  reducer,
  initialState,
  messages,
  toRow,
}: UsePagedListOptions<Row, S, A>): PagedList & {
  state: S;
  /** For the caller's own actions (the live list's feed changes). */
  dispatch: (action: A | PageAction<Row>) => void;
  reset(): void;
} {
  const [state, dispatch] = useReducer(reducer, initialState);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // The state as last rendered, for callbacks that start a fetch; a generation that a "load
  // more" answer must still match to be applied; whether one is in flight.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const generation = useRef(0);
  const moreInFlight = useRef(false);
  const { first: firstMessage, more: moreMessage } = messages;

  const refresh = useCallback(
    async ({ limit, signal, delayMs = 0 }: RefreshOptions = {}) => {
      generation.current += 1;
      setLoading(true);
      if (delayMs > 0) await pause(delayMs, signal);
      if (signal?.aborted) return;
      const startedAtSeq = latest.current.seq;
      try {
        const request = limit && limit !== PAGE_SIZE ? { ...query, limit } : query;
        const page = signal ? await api.listDocuments(request, signal) : await api.listDocuments(request);
        if (signal?.aborted) return;
        const rows = page.documents.map(toRow);
        dispatch({ type: "snapshot", rows, startedAtSeq, nextCursor: page.next_cursor, total: page.total });
        setError(null);
        setMoreError(null);
        setLoading(false);
      } catch (caught) {
        if (signal?.aborted) return;
        setError(errorText(caught, firstMessage));
        setLoading(false);
      }
    },
    [api, query, toRow, firstMessage],
  );

  const loadMore = useCallback(async () => {
    const cursor = latest.current.nextCursor;
    if (!cursor || moreInFlight.current) return;
    const started = generation.current;
    moreInFlight.current = true;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.listDocuments({ ...query, cursor });
      if (generation.current !== started) return;
      dispatch({ type: "page", rows: page.documents.map(toRow), nextCursor: page.next_cursor, total: page.total });
    } catch (caught) {
      if (generation.current === started) setMoreError(errorText(caught, moreMessage));
    } finally {
      moreInFlight.current = false;
      setLoadingMore(false);
    }
  }, [api, query, toRow, moreMessage]);

  // Start over (signed out, or the query changed): nothing shown, no answer of the old list.
  const reset = useCallback(() => {
    generation.current += 1;
    dispatch({ type: "reset" });
    setError(null);
    setMoreError(null);
  }, []);

  return {
    state,
    dispatch,
    reset,
    loading,
    error,
    hasMore: state.nextCursor !== null,
    loadingMore,
    moreError,
    loadMore,
    refresh,
  };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** The rows of a list that shows pages as they come (search): a first page replaces, the next appends. */
export interface ListState<Row> extends PagedState {
  rows: Row[];
}

export function initialListState<Row>(): ListState<Row> {
  return { rows: [], seq: 0, loaded: false, total: null, nextCursor: null };
}

export function listReducer<Row extends { id: string }>(state: ListState<Row>, action: PageAction<Row>): ListState<Row> {
  switch (action.type) {
    case "snapshot":
      return { ...state, seq: state.seq + 1, rows: action.rows, loaded: true, total: action.total, nextCursor: action.nextCursor };
    case "page": {
      // The list may have moved between pages: a row already shown is shown once.
      const seen = new Set(state.rows.map((row) => row.id));
      const rows = [...state.rows, ...action.rows.filter((row) => !seen.has(row.id))];
      return { ...state, seq: state.seq + 1, rows, total: action.total, nextCursor: action.nextCursor };
    }
    case "reset":
      return { ...initialListState<Row>(), seq: state.seq + 1 };
  }
}
