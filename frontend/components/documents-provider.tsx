"use client";
/**
 * Owns the live document list for every signed-in page, so navigating between the list and a
 * detail view keeps one subscription (and the observed status history).
 */
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { type UseDocumentsResult, useDocuments } from "@/hooks/use-documents";
import { createSseFeed } from "@/lib/realtime/sse-feed";
import { createSupabaseFeed } from "@/lib/realtime/supabase-feed";
import type { DocumentFeed } from "@/lib/realtime/types";
import { useAuth } from "./auth-provider";

/** Exported for tests, which provide a fake value; app code uses the hooks below. */
export const DocumentsContext = createContext<UseDocumentsResult | null>(null);

export function DocumentsProvider({ children }: { children: ReactNode }) {
  const { api, getToken, supabase, user } = useAuth();
  const userId = user?.id ?? null;

  const feed = useMemo<DocumentFeed | null>(() => {
    if (!userId) return null;
    if (supabase) return createSupabaseFeed({ client: supabase, userId, getToken });
    return createSseFeed({ http: api.http });
  }, [api.http, getToken, supabase, userId]);

  const documents = useDocuments({ api, feed, userId });
  return <DocumentsContext.Provider value={documents}>{children}</DocumentsContext.Provider>;
}

/** For components that also render outside the provider (e.g. in unit tests). */
export function useOptionalDocumentsContext(): UseDocumentsResult | null {
  return useContext(DocumentsContext);
}

export function useDocumentsContext(): UseDocumentsResult {
  const value = useContext(DocumentsContext);
  if (!value) throw new Error("useDocumentsContext must be used inside <DocumentsProvider>");
  return value;
}
