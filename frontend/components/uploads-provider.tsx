"use client";
/**
 * Owns the upload manager (above the routes, so navigation never aborts an upload), Retry's
 * bookkeeping (when each document was last retried, so its card can say "Tried again at …"), and
 * the page-level announcements of documents that finish.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { type UploadManager, useUploads } from "@/hooks/use-uploads";
import { errorText } from "@/lib/api/errors";
import type { DocumentRow, OcrLanguage } from "@/lib/api/types";
import { displayName } from "@/lib/document-status";
import { isOlder } from "@/lib/timestamps";
import { useAuth } from "./auth-provider";
import { useClientConfig } from "./config-provider";
import { useDocumentsContext } from "./documents-provider";
import { useNotices } from "./notices-provider";

export interface RetryRecord {
  /** Date.now() when the server accepted the retry. */
  at: number;
  /** The row's updated_at then: a later failure is the new attempt's result. */
  updatedAt: string;
}

interface UploadsContextValue extends UploadManager {
  retries: Record<string, RetryRecord>;
  /** Process again; with a language, every scanned page is read again in it. */
  retry: (doc: DocumentRow, language?: OcrLanguage) => Promise<boolean>;
}

const UploadsContext = createContext<UploadsContextValue | null>(null);

export function UploadsProvider({ children }: { children: ReactNode }) {
  const { api } = useAuth();
  const { config, refresh: refreshConfig } = useClientConfig();
  const { documents, forget, applyRow } = useDocumentsContext();
  const { toast, announce } = useNotices();
  const documentsRef = useRef(documents);
  useEffect(() => {
    documentsRef.current = documents;
  }, [documents]);

  const newestCreatedAt = useCallback(() => documentsRef.current[0]?.created_at ?? null, []);
  const uploads = useUploads({ api, config, newestCreatedAt, onReplaced: forget, onAccepted: refreshConfig });

  const [retries, setRetries] = useState<Record<string, RetryRecord>>({});
  const retry = useCallback(
    async (doc: DocumentRow, language?: OcrLanguage) => {
      try {
        const accepted = await api.retryOcr(doc.id, language?.code);
        setRetries((previous) => ({ ...previous, [doc.id]: { at: Date.now(), updatedAt: doc.updated_at } }));
        // Show the accepted state at once. It carries the old updated_at, so any newer state the
        // feed has already delivered wins over it.
        applyRow({ ...doc, status: accepted.status, error_message: null, error_code: null });
        toast(language ? `Reading “${displayName(doc)}” again in ${language.name}.` : `Trying “${displayName(doc)}” again.`);
        return true;
      } catch (caught) {
        toast(errorText(caught, "Retry failed."), "error");
        return false;
      }
    },
    [api, applyRow, toast],
  );

  // Announce (and for retried ones, toast) documents that finish while the page is open.
  const lastStatus = useRef<Map<string, DocumentRow["status"]> | null>(null);
  useEffect(() => {
    const previous = lastStatus.current;
    const next = new Map(documents.map((doc) => [doc.id, doc.status]));
    lastStatus.current = next;
    if (!previous) return;
    const ready: DocumentRow[] = [];
    const failed: DocumentRow[] = [];
    for (const doc of documents) {
      const before = previous.get(doc.id);
      if (before === undefined || before === doc.status) continue;
      if (doc.status === "ocr_complete") ready.push(doc);
      if (doc.status === "failed") failed.push(doc);
    }
    const parts = [
      ready.length === 1 ? `“${displayName(ready[0]!)}” is ready.` : ready.length > 1 ? `${ready.length} documents are ready.` : "",
      failed.length === 1 ? `“${displayName(failed[0]!)}” failed.` : failed.length > 1 ? `${failed.length} documents failed.` : "",
    ].filter(Boolean);
    if (parts.length) announce(parts.join(" "));
  }, [documents, announce]);

  // The result of each Retry, once: the first finished state newer than the row retried.
  const reported = useRef(new Set<string>());
  useEffect(() => {
    for (const doc of documents) {
      const record = retries[doc.id];
      if (!record || (doc.status !== "failed" && doc.status !== "ocr_complete")) continue;
      if (!isOlder(record.updatedAt, doc.updated_at)) continue;
      const key = `${doc.id}@${record.at}`;
      if (reported.current.has(key)) continue;
      reported.current.add(key);
      toast(
        doc.status === "ocr_complete"
          ? `“${displayName(doc)}” worked this time.`
          : `“${displayName(doc)}” failed again: ${doc.error_message ?? "unknown reason"}`,
        doc.status === "failed" ? "error" : "info",
      );
    }
  }, [documents, retries, toast]);

  const value = useMemo(() => ({ ...uploads, retries, retry }), [uploads, retries, retry]);
  return <UploadsContext.Provider value={value}>{children}</UploadsContext.Provider>;
}

export function useUploadsContext(): UploadsContextValue {
  const value = useContext(UploadsContext);
  if (!value) throw new Error("useUploadsContext must be used inside <UploadsProvider>");
  return value;
}

/** For components that also render outside the provider (e.g. in unit tests). */
export function useOptionalUploadsContext(): UploadsContextValue | null {
  return useContext(UploadsContext);
}
