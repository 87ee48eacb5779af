"use client";
import { useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { ApiError } from "@/lib/api/errors";
import type { DocumentRow } from "@/lib/api/types";
import { useRegenerate } from "@/hooks/use-regenerate";
import { useOptionalDocumentsContext } from "./documents-provider";
import { RetryIcon, SparkIcon } from "./icons";
import { RegenerateConfirm } from "./regenerate-confirm";
import { RegeneratePanel } from "./regenerate-panel";

/** "Retry" on failed documents, "Regenerate" on ready ones. */
export function DocumentActions({ doc }: { doc: DocumentRow }) {
  const { api } = useAuth();
  const documents = useOptionalDocumentsContext();
  const regenerate = useRegenerate(api, doc.id);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  const retry = async () => {
    setRetrying(true);
    setRetryError(null);
    try {
      const accepted = await api.retryOcr(doc.id);
      // Show the accepted state at once. It carries the old updated_at, so any newer state the
      // feed has already delivered wins over it.
      documents?.applyRow({ ...doc, status: accepted.status, error_message: null });
    } catch (caught) {
      setRetryError(caught instanceof ApiError ? caught.detail : "Retry failed.");
    } finally {
      setRetrying(false);
    }
  };

  return (
    <>
      <div className="actions">
        {doc.status === "failed" && (
          <button type="button" className="button" onClick={retry} disabled={retrying}>
            <RetryIcon /> Retry
          </button>
        )}
        {doc.status === "ocr_complete" && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => (doc.edited_fields?.length ? setAsking(true) : void regenerate.start())}
            disabled={regenerate.running || doc.metadata_status === "generating"}
          >
            <SparkIcon /> Regenerate
          </button>
        )}
      </div>
      {asking && (
        <RegenerateConfirm
          fields={doc.edited_fields}
          onChoose={(replace) => {
            setAsking(false);
            if (replace !== null) void regenerate.start(replace);
          }}
        />
      )}
      {retryError && (
        <p className="error-text" role="alert">
          {retryError}
        </p>
      )}
      <RegeneratePanel state={regenerate} onDismiss={regenerate.dismiss} />
    </>
  );
}
