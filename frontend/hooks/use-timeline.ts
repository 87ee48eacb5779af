"use client";
import { useEffect, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import type { TimelineEntry } from "@/lib/api/types";

/**
 * The document's stored status timeline (`GET /api/documents/{id}/events`): what the server
 * recorded, with real times, the same after a reload or in another browser. Fetched again when
 * `changeKey` (the live row's state) changes.
 */
export function useTimeline(api: ApiClient, documentId: string, changeKey: string) {
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    api.getTimeline(documentId).then(
      (value) => {
        if (cancelled) return;
        setEntries(value);
        setFailed(false);
      },
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [api, documentId, changeKey]);
  return { entries, failed };
}
