"use client";
/**
 * Search state that lives in the URL (`?q=`, `?tag=` and the filters `?status=&from=&to=&type=&correspondent=&date_from=&date_to=&sort=`),
 * so a search survives a reload and can be shared. Results are fetched from the API (ranked, with snippets) and fetched again when
 * the live feed reports that something a result depends on changed — a document finished,
 * was renamed, tagged or deleted — so results stay live like the list does. "Load more" follows
 * the API's cursor; a live refresh fetches again as many results as are shown (up to the API's
 * page limit), so loading more is not undone by the next document that finishes.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { ApiClient } from "@/lib/api/client";
import type { DocumentRow, ListedDocument } from "@/lib/api/types";
import {
  isFiltered,
  type ListFilters,
  listFiltersFrom,
  MAX_PAGE_SIZE,
  PAGE_SIZE,
  type UrlFilters,
} from "@/lib/list-query";
import { initialListState, listReducer, type PagedList, usePagedList } from "./use-paged-list";

export interface SearchState extends Omit<PagedList, "refresh"> {
  q: string;
  tag: string;
  /** The query and filters in the URL, as the list and the export take them. */
  query: ListFilters;
  /** Status, date range and sort from the URL (`?status=&from=&to=&sort=`). */
  filters: UrlFilters;
  active: boolean;
  results: ListedDocument[];
  total: number;
  setQuery: (q: string) => void;
  setTag: (tag: string | null) => void;
  /** Set (or, with null, remove) some of the filters in one URL change. */
  setFilters: (changes: Partial<Record<keyof UrlFilters, string | null>>) => void;
}

/** What a search result depends on; progress (pages_done) is deliberately left out. */
export function liveKey(documents: DocumentRow[]): string {
  return documents
    .map((d) =>
      [d.id, d.status, d.metadata_status, d.display_name, d.tags.join(","), d.summary, d.edited_fields?.join(",")].join("|"),
    )
    .join("\n");
}

const REFRESH_DELAY_MS = 250;
const MESSAGES = { first: "Search failed.", more: "Could not load more results." };
const asResult = (row: ListedDocument) => row;

export function useSearch(api: ApiClient, liveDocuments: DocumentRow[]): SearchState {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const tag = params.get("tag") ?? "";
  const filtersKey = listFiltersFrom(params).key;
  const filters = useMemo(() => listFiltersFrom(new URLSearchParams(filtersKey)).filters, [filtersKey]);
  const query = useMemo<ListFilters>(() => ({ q, tag: tag || undefined, ...filters }), [q, tag, filters]);
  // A sort alone is the plain list's order (newest) unless there is a query to rank by.
  const active = isFiltered(query);
  const list = usePagedList({
    api,
    query,
    reducer: listReducer<ListedDocument>,
    initialState: initialListState<ListedDocument>(),
    messages: MESSAGES,
    toRow: asResult,
  });
  const { state, refresh, reset } = list;
  const key = useMemo(() => liveKey(liveDocuments), [liveDocuments]);
  // How many results are shown (a live refresh fetches that many again, so loading more is
  // not undone by the next document that finishes), and which query they belong to.
  const shown = useRef({ count: 0, query: "" });
  useEffect(() => {
    shown.current.count = state.rows.length;
  }, [state.rows.length]);

  const updateMany = useCallback(
    (changes: Partial<Record<"q" | "tag" | keyof UrlFilters, string | null>>) => {
      const next = new URLSearchParams(params.toString());
      for (const [name, value] of Object.entries(changes)) {
        if (value && value.trim()) next.set(name, value);
        else next.delete(name);
      }
      const search = next.toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const update = useCallback((name: "q" | "tag", value: string | null) => updateMany({ [name]: value }), [updateMany]);

  useEffect(() => {
    if (!active) {
      reset();
      return;
    }
    const queryKey = JSON.stringify(query);
    if (shown.current.query !== queryKey) shown.current = { count: 0, query: queryKey }; // a new search starts at its first page
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, shown.current.count));
    const controller = new AbortController();
    // A short pause coalesces bursts of live changes (a batch of uploads finishing) into one fetch.
    void refresh({ limit, signal: controller.signal, delayMs: REFRESH_DELAY_MS });
    return () => controller.abort();
  }, [query, active, key, refresh, reset]);

  return {
    q,
    tag,
    query,
    filters,
    active,
    results: state.rows,
    total: state.total ?? 0,
    loading: list.loading,
    error: list.error,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    loadMore: list.loadMore,
    setQuery: useCallback((value: string) => update("q", value), [update]),
    setTag: useCallback((value: string | null) => update("tag", value), [update]),
    setFilters: updateMany,
  };
}
