"use client";
/**
 * Search state that lives in the URL (`?q=` and `?tag=`), so a search survives a reload and can
 * be shared. Results are fetched from the API (ranked, with snippets) and fetched again when
 * the live feed reports that something a result depends on changed — a document finished,
 * was renamed, tagged or deleted — so results stay live like the list does. "Load more" follows
 * the API's cursor; a live refresh fetches again as many results as are shown (up to the API's
 * page limit), so loading more is not undone by the next document that finishes.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { type ListedDocument, searchDocuments } from "@/lib/api/search";
import type { DocumentRow } from "@/lib/api/types";
import { type ListFilters, listFiltersFrom } from "@/lib/list-query";

export interface SearchState {
  q: string;
  tag: string;
  /** Status, date range and sort from the URL (`?status=&from=&to=&sort=`). */
  filters: ListFilters;
  active: boolean;
  results: ListedDocument[];
  total: number;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the last "load more" failed (the results shown stay). */
  moreError: string | null;
  loadMore: () => Promise<void>;
  setQuery: (q: string) => void;
  setTag: (tag: string | null) => void;
  /** Set (or, with null, remove) some of the filters in one URL change. */
  setFilters: (changes: Partial<Record<keyof ListFilters, string | null>>) => void;
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
export const SEARCH_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200; // the API's largest `limit`

export function useSearch(api: ApiClient, liveDocuments: DocumentRow[]): SearchState {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const tag = params.get("tag") ?? "";
  const filtersKey = listFiltersFrom(params).key;
  const filters = useMemo(() => listFiltersFrom(new URLSearchParams(filtersKey)).filters, [filtersKey]);
  // A sort alone is the plain list's order (newest) unless there is a query to rank by.
  const active = q.trim() !== "" || tag !== "" || !!(filters.status || filters.from || filters.to);
  const [results, setResults] = useState<ListedDocument[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const key = useMemo(() => liveKey(liveDocuments), [liveDocuments]);
  // How many results are shown, for a live refresh; which query they belong to; and a
  // generation that a "load more" answer must still match to be appended.
  const shown = useRef(0);
  const shownFor = useRef("");
  const generation = useRef(0);
  shown.current = results.length;

  const updateMany = useCallback(
    (changes: Partial<Record<"q" | "tag" | keyof ListFilters, string | null>>) => {
      const next = new URLSearchParams(params.toString());
      for (const [name, value] of Object.entries(changes)) {
        if (value && value.trim()) next.set(name, value);
        else next.delete(name);
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const update = useCallback(
    (name: "q" | "tag", value: string | null) => updateMany({ [name]: value }),
    [updateMany],
  );

  useEffect(() => {
    generation.current += 1;
    if (!active) {
      setResults([]);
      setTotal(0);
      setNextCursor(null);
      setError(null);
      return;
    }
    const query = `${q}\u0000${tag}\u0000${filtersKey}`;
    if (shownFor.current !== query) {
      shownFor.current = query;
      shown.current = 0; // a new search starts at its first page
    }
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(SEARCH_PAGE_SIZE, shown.current));
    const controller = new AbortController();
    setLoading(true);
    // A short pause coalesces bursts of live changes (a batch of uploads finishing) into one fetch.
    const timer = setTimeout(() => {
      searchDocuments(api, { q, tag: tag || undefined, ...filters }, { limit, signal: controller.signal }).then(
        (page) => {
          setResults(page.documents);
          setTotal(page.total);
          setNextCursor(page.next_cursor);
          setError(null);
          setLoading(false);
        },
        (caught) => {
          if (controller.signal.aborted) return;
          setError(caught instanceof ApiError ? caught.detail : "Search failed.");
          setLoading(false);
        },
      );
    }, REFRESH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, q, tag, filters, filtersKey, active, key]);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    const started = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await searchDocuments(api, { q, tag: tag || undefined, ...filters }, { cursor: nextCursor, limit: SEARCH_PAGE_SIZE });
      if (generation.current !== started) return; // the query changed or the results were refreshed
      setResults((current) => {
        const seen = new Set(current.map((d) => d.id));
        return [...current, ...page.documents.filter((d) => !seen.has(d.id))];
      });
      setTotal(page.total);
      setNextCursor(page.next_cursor);
    } catch (caught) {
      if (generation.current === started) {
        setMoreError(caught instanceof ApiError ? caught.detail : "Could not load more results.");
      }
    } finally {
      setLoadingMore(false);
    }
  }, [api, q, tag, filters, nextCursor, loadingMore]);

  return {
    q,
    tag,
    filters,
    active,
    results,
    total,
    loading,
    error,
    hasMore: nextCursor !== null,
    loadingMore,
    moreError,
    loadMore,
    setQuery: useCallback((value: string) => update("q", value), [update]),
    setTag: useCallback((value: string | null) => update("tag", value), [update]),
    setFilters: updateMany,
  };
}
