"use client";
import { useRef } from "react";
import { useAuth } from "@/components/auth-provider";
import { useAction } from "@/hooks/use-action";
import { TrashIcon } from "./icons";

/**
 * Delete behind a confirmation dialog (native <dialog>: focus trapping and Escape for free). The
 * button itself is quiet (outlined, last in the row): it is never the page's main action.
 */
export function DeleteDocumentButton({ id, name, onDeleted }: { id: string; name: string; onDeleted: () => void }) {
  const { api } = useAuth();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const { busy, error, run } = useAction("Could not delete.");

  const confirmDelete = () =>
    run(async () => {
      await api.deleteDocument(id);
      dialogRef.current?.close();
      onDeleted();
    });

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
