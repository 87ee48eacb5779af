"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/lib/api/errors";
import { keepDuplicate } from "@/lib/api/search";
import type { DocumentRow } from "@/lib/api/types";
import { displayName } from "@/lib/document-status";
import { useAuth } from "./auth-provider";
import { useOptionalDocumentsContext } from "./documents-provider";

/**
 * "Already uploaded as …": this upload's bytes match an earlier document of the same user, so
 * it was not processed again. The person keeps it as a document of its own, or removes it.
 */
export function DuplicateNotice({ doc, onRemoved }: { doc: DocumentRow; onRemoved?: () => void }) {
  const { api } = useAuth();
  const documents = useOptionalDocumentsContext();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!doc.duplicate_of) return null;
  const original = documents?.documents.find((d) => d.id === doc.duplicate_of);
  const name = original ? displayName(original) : "an earlier document";

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "That did not work; try again.");
    } finally {
      setBusy(false);
    }
  };
  const keep = () =>
    act(async () => {
      documents?.applyRow(await keepDuplicate(api, doc.id));
    });
  const remove = () =>
    act(async () => {
      await api.deleteDocument(doc.id);
      onRemoved?.();
    });

  return (
    <div className="notice" role="status">
      <p>
        Already uploaded as <Link href={`/documents/${doc.duplicate_of}`}>{name}</Link>. This copy was not processed
        again.
      </p>
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => void keep()} disabled={busy}>
          Keep both
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => void remove()} disabled={busy}>
          Remove this copy
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
