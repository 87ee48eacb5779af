"use client";
/**
 * The user's documents, live. One hook, two transports: whichever `DocumentFeed` it is given
 * (the API's SSE feed in local mode, Supabase Realtime in Supabase mode); the rest of the app
 * does not know which. Reads go through the API in both modes.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { DocumentRow, ListedDocument } from "@/lib/api/types";
import { documentsReducer, initialDocumentsState, sortedDocuments } from "@/lib/documents-store";
import type { ListQuery } from "@/lib/list-query";
import type { DocumentChange, DocumentFeed } from "@/lib/realtime/types";
import { usePagedList } from "./use-paged-list";

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
  loading: boolean;
  isConnected: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  /** All of the user's documents, loaded or not (null until known). */
  total: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Fetch the next page (older documents). */
  loadMore: () => Promise<void>;
  /** Apply a row the caller fetched itself (e.g. the detail view); older rows are ignored. */
  applyRow: (row: DocumentRow) => void;
  /** Drop a row this browser deleted, without waiting for the feed. */
  forget: (id: string) => void;
}

const NO_QUERY: ListQuery = {};
const MESSAGES = { first: "Could not load your documents.", more: "Could not load more documents." };
/** A listed row is a document row (its search snippet is null when listing). */
const asRow = (row: ListedDocument): DocumentRow => row;

export function useDocuments({ api, feed, userId, query = NO_QUERY }: UseDocumentsOptions): UseDocumentsResult {
  const list = usePagedList({
    api,
    query,
    reducer: documentsReducer,
    initialState: initialDocumentsState,
    messages: MESSAGES,
    toRow: asRow,
  });
  const { state, dispatch, reset, refresh } = list;
  const [isConnected, setConnected] = useState(false);

  useEffect(() => {
    if (!feed || !userId) return;
    reset();
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
  }, [api, feed, userId, refresh, reset, dispatch]);

  const documents = useMemo(() => sortedDocuments(state), [state]);
  const applyRow = useCallback((row: DocumentRow) => dispatch({ type: "upsert", row }), [dispatch]);
  const forget = useCallback((id: string) => dispatch({ type: "delete", id }), [dispatch]);
  // The list shows one message: the first page's failure, or else the last "load more"'s.
  const error = list.error ?? list.moreError;
  const refreshList = useCallback(() => refresh(), [refresh]);

  return {
    documents,
    loading: !state.loaded && !error,
    isConnected,
    error,
    refresh: refreshList,
    total: state.total,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    loadMore: list.loadMore,
    applyRow,
    forget,
  };
}
