"use client";
/**
 * Search state that lives in the URL (`?q=` and `?tag=`), so a search survives a reload and can
 * be shared. Results are fetched from the API (ranked, with snippets) and fetched again when
 * the live feed reports that something a result depends on changed — a document finished,
 * was renamed, tagged or deleted — so results stay live like the list does.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { type ListedDocument, searchDocuments } from "@/lib/api/search";
import type { DocumentRow } from "@/lib/api/types";

export interface SearchState {
  q: string;
  tag: string;
  active: boolean;
  results: ListedDocument[];
  total: number;
  loading: boolean;
  error: string | null;
  setQuery: (q: string) => void;
  setTag: (tag: string | null) => void;
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

export function useSearch(api: ApiClient, liveDocuments: DocumentRow[]): SearchState {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q") ?? "";
  const tag = params.get("tag") ?? "";
  const active = q.trim() !== "" || tag !== "";
  const [results, setResults] = useState<ListedDocument[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useMemo(() => liveKey(liveDocuments), [liveDocuments]);

  const update = useCallback(
    (name: "q" | "tag", value: string | null) => {
      const next = new URLSearchParams(params.toString());
      if (value && value.trim()) next.set(name, value);
      else next.delete(name);
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  useEffect(() => {
    if (!active) {
      setResults([]);
      setTotal(0);
      setError(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    // A short pause coalesces bursts of live changes (a batch of uploads finishing) into one fetch.
    const timer = setTimeout(() => {
      searchDocuments(api, { q, tag: tag || undefined }, { signal: controller.signal }).then(
        (page) => {
          setResults(page.documents);
          setTotal(page.total);
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
  }, [api, q, tag, active, key]);

  return {
    q,
    tag,
    active,
    results,
    total,
    loading,
    error,
    setQuery: useCallback((value: string) => update("q", value), [update]),
    setTag: useCallback((value: string | null) => update("tag", value), [update]),
  };
}
