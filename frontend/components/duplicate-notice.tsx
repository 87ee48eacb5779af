"use client";
import Link from "next/link";
import { useAction } from "@/hooks/use-action";
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
  const { busy, error, run: act } = useAction("That did not work; try again.");
  if (!doc.duplicate_of) return null;
  const original = documents?.documents.find((d) => d.id === doc.duplicate_of);
  const name = original ? displayName(original) : "an earlier document";

  const keep = () =>
    act(async () => {
      documents?.applyRow(await api.keepDuplicate(doc.id));
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
