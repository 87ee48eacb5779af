"use client";
import { useEffect, useRef, useState } from "react";
import type { DocumentRow } from "@/lib/api/types";
import { statusText } from "@/lib/document-status";

export interface StatusObservation {
  label: string;
  at: number;
}

/**
 * Records each distinct status text a document showed while this page was open. The server
 * keeps no history table; what the client observed is enough to explain "what happened".
 */
export function useStatusHistory(
  byId: Record<string, DocumentRow>,
): Record<string, StatusObservation[]> {
  const [history, setHistory] = useState<Record<string, StatusObservation[]>>({});
  const lastLabel = useRef<Record<string, string>>({});

  useEffect(() => {
    const additions: Record<string, StatusObservation> = {};
    for (const row of Object.values(byId)) {
      const label = historyLabel(row);
      if (lastLabel.current[row.id] !== label) {
        lastLabel.current[row.id] = label;
        additions[row.id] = { label, at: Date.now() };
      }
    }
    if (Object.keys(additions).length === 0) return;
    setHistory((previous) => {
      const next = { ...previous };
      for (const [id, observation] of Object.entries(additions)) {
        next[id] = [...(next[id] ?? []), observation];
      }
      return next;
    });
  }, [byId]);

  return history;
}

function historyLabel(row: DocumentRow): string {
  const base = statusText(row);
  if (row.status !== "ocr_complete") return base;
  if (row.metadata_status === "generating") return `${base} · generating metadata`;
  if (row.metadata_status === "failed") return `${base} · metadata failed`;
  if (row.metadata_status === "complete") return `${base} · metadata ready`;
  return base;
}
