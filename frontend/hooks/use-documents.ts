"use client";
/**
 * The user's documents, live. One hook, two transports: whichever `DocumentFeed` it is given
 * (the API's SSE feed in local mode, Supabase Realtime in Supabase mode); the rest of the app
 * does not know which. Reads go through the API in both modes.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { DocumentRow } from "@/lib/api/types";
import {
  documentsReducer,
  initialDocumentsState,
  sortedDocuments,
} from "@/lib/documents-store";
import type { DocumentChange, DocumentFeed } from "@/lib/realtime/types";
import { type ListQuery } from "@/lib/list-query";

export interface UseDocumentsOptions {
  api: ApiClient;
  /** null while signed out: nothing is fetched or subscribed. */
  feed: DocumentFeed | null;
  userId: string | null;
  /** What the list asks for (see lib/list-query.ts); paging is added here. */
  query?: ListQuery;
}

export interface UseDocumentsResult {
  documents: DocumentRow[];
  isLoading: boolean;
  isConnected: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  /** All of the user's documents, loaded or not (null until known). */
  total: number | null;
  hasMore: boolean;
  isLoadingMore: boolean;
  /** Fetch the next page (older documents). */
  loadMore: () => Promise<void>;
  /** Apply a row the caller fetched itself (e.g. the detail view); older rows are ignored. */
  applyRow: (row: DocumentRow) => void;
  /** Drop a row this browser deleted, without waiting for the feed. */
  forget: (id: string) => void;
}

const NO_QUERY: ListQuery = {};

export function useDocuments({ api, feed, userId, query = NO_QUERY }: UseDocumentsOptions): UseDocumentsResult {
  const [state, dispatch] = useReducer(documentsReducer, initialDocumentsState);
  const [isConnected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const cursorRef = useRef<string | null>(null);
  cursorRef.current = state.nextCursor;
  // The reducer's sequence number as of the last render; a fetch remembers where it started.
  const seqRef = useRef(0);
  seqRef.current = state.seq;

  const refresh = useCallback(async () => {
    const startedAtSeq = seqRef.current;
    try {
      const page = await api.listDocuments(query);
      dispatch({ type: "snapshot", rows: page.documents, startedAtSeq, nextCursor: page.next_cursor, total: page.total });
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "Could not load your documents.");
    }
  }, [api, query]);

  const loadingMoreRef = useRef(false);
  const loadMore = useCallback(async () => {
    const cursor = cursorRef.current;
    if (!cursor || loadingMoreRef.current) return;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    try {
      const page = await api.listDocuments({ ...query, cursor });
      dispatch({ type: "page", rows: page.documents, nextCursor: page.next_cursor, total: page.total });
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "Could not load more documents.");
    } finally {
      loadingMoreRef.current = false;
      setLoadingMore(false);
    }
  }, [api, query]);

  useEffect(() => {
    if (!feed || !userId) return;
    dispatch({ type: "reset" });
    let active = true;
    const isSomeoneElses = (owner: string | null | undefined) => owner != null && owner !== userId;

    const onChange = (change: DocumentChange) => {
      if (change.kind === "upsert") {
        if (isSomeoneElses(change.row.user_id)) return;
        dispatch({ type: "upsert", row: change.row, inserted: change.inserted });
      } else if (change.kind === "delete") {
        if (isSomeoneElses(change.userId)) return;
        dispatch({ type: "delete", id: change.id });
      } else {
        if (isSomeoneElses(change.userId)) return;
        if (change.deleted) return dispatch({ type: "delete", id: change.id });
        // Too large for the notification: fetch the row itself.
        api.getDocument(change.id).then(
          (row) => active && dispatch({ type: "upsert", row }),
          (caught) => {
            if (active && caught instanceof ApiError && caught.status === 404) {
              dispatch({ type: "delete", id: change.id });
            }
          },
        );
      }
    };

    void refresh(); // paint quickly; the re-fetch after "subscribed" closes any gap
    const stop = feed({
      onChange,
      onSubscribed: () => {
        setConnected(true);
        void refresh();
      },
      onDisconnected: () => setConnected(false),
    });
    return () => {
      active = false;
      stop();
      setConnected(false);
    };
  }, [api, feed, userId, refresh]);

  const documents = useMemo(() => sortedDocuments(state), [state]);
  const applyRow = useCallback((row: DocumentRow) => dispatch({ type: "upsert", row }), []);
  const forget = useCallback((id: string) => dispatch({ type: "delete", id }), []);

  return {
    documents,
    isLoading: !state.loaded && !error,
    isConnected,
    error,
    refresh,
    total: state.total,
    hasMore: state.nextCursor !== null,
    isLoadingMore,
    loadMore,
    applyRow,
    forget,
  };
}
