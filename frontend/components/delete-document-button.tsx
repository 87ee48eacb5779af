"use client";
import { useRef, useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { ApiError } from "@/lib/api/errors";
import { TrashIcon } from "./icons";

/**
 * Delete behind a confirmation dialog (native <dialog>: focus trapping and Escape for free). The
 * button itself is quiet (outlined, last in the row): it is never the page's main action.
 */
export function DeleteDocumentButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const { api } = useAuth();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirmDelete = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteDocument(id);
      dialogRef.current?.close();
      onDeleted();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "Could not delete.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button button--quiet-danger" onClick={() => dialogRef.current?.showModal()}>
        <TrashIcon /> Delete
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby={`delete-${id}-title`}>
        <h2 id={`delete-${id}-title`}>Delete “{name}”?</h2>
        <p>The file, its text and its metadata are removed for good.</p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="form__row">
          <button type="button" className="button button--ghost" onClick={() => dialogRef.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button--danger" onClick={confirmDelete} disabled={busy}>
            Delete for good
          </button>
        </div>
      </dialog>
    </>
  );
}
