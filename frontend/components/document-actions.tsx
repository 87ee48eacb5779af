"use client";
import { useRef, useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { useAction } from "@/hooks/use-action";
import { useRegenerate } from "@/hooks/use-regenerate";
import type { DocumentRow, OcrLanguage } from "@/lib/api/types";
import { canRegenerate, displayName, failureHint, formatClock, needsNewFile } from "@/lib/document-status";
import { isOlder } from "@/lib/timestamps";
import { acceptAttribute } from "@/lib/upload-rules";
import { useClientConfig } from "./config-provider";
import { DeleteDocumentButton } from "./delete-document-button";
import { useOptionalDocumentsContext } from "./documents-provider";
import { RetryIcon, SparkIcon, UploadIcon } from "./icons";
import { useNotices } from "./notices-provider";
import { RegenerateConfirm } from "./regenerate-confirm";
import { ReadAgain } from "./read-again";
import { RegeneratePanel } from "./regenerate-panel";
import { useOptionalUploadsContext } from "./uploads-provider";

/**
 * What a person can do with a document, most useful first. Failed: Retry (same file again) or
 * Upload a new copy (when the file itself is the problem), and Delete; ready: Regenerate. On the
 * detail page Delete is always offered, last and quiet.
 */
export function DocumentActions({
  doc,
  variant = "card",
  onDeleted,
}: {
  doc: DocumentRow;
  variant?: "card" | "detail";
  onDeleted?: () => void;
}) {
  const { api } = useAuth();
  const documents = useOptionalDocumentsContext();
  const uploads = useOptionalUploadsContext();
  const { config } = useClientConfig();
  const { toast } = useNotices();
  const regenerate = useRegenerate(api, doc.id);
  // uploads.retry reports its own outcome (the card and a notice); only "busy" is needed here.
  const { busy: retrying, run } = useAction("Could not retry.");
  const [asking, setAsking] = useState(false);
  // Edited fields this person chose to keep on the last Regenerate (the panel says so).
  const [kept, setKept] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const name = displayName(doc);
  const failed = doc.status === "failed";
  const newFileFirst = needsNewFile(doc);

  const retry = async (language?: OcrLanguage) => {
    if (uploads) await run(() => uploads.retry(doc, language));
  };

  const deleted = () => {
    documents?.forget(doc.id);
    toast(`Deleted “${name}”.`);
    onDeleted?.();
  };

  const record = uploads?.retries[doc.id];
  const retriedResult = failed && record && isOlder(record.updatedAt, doc.updated_at) ? record : null;

  // On the detail page Retry comes with a choice of language (and a processed document can be
  // read again in one); the card keeps the one-click Retry.
  const offersLanguages = (config?.ocr_languages?.length ?? 0) > 0;
  const readAgain = variant === "detail" && uploads && offersLanguages && (failed || doc.status === "ocr_complete") && (
    <ReadAgain key="retry" doc={doc} busy={retrying} onRead={(language) => void retry(language)} />
  );
  const retryButton = failed && (readAgain || (
    <button
      key="retry"
      type="button"
      className={`button${newFileFirst ? " button--ghost" : ""}`}
      onClick={() => retry()}
      disabled={retrying}
      aria-busy={retrying}
    >
      <RetryIcon /> {retrying ? "Retrying…" : "Retry"}
    </button>
  ));
  const newCopyButton = failed && uploads && (
    <button
      key="new-copy"
      type="button"
      className={`button${newFileFirst ? "" : " button--ghost"}`}
      onClick={() => fileInput.current?.click()}
    >
      <UploadIcon /> Upload a new copy
    </button>
  );

  return (
    <>
      {failed && (
        <>
          {retriedResult && (
            <p className="muted failure-hint" data-testid="retry-result">
              Tried again at {formatClock(retriedResult.at)} — still failing.
            </p>
          )}
          <p className="muted failure-hint" data-testid="failure-hint">
            {failureHint(doc)}
          </p>
        </>
      )}
      <div className="actions">
        {newFileFirst ? [newCopyButton, retryButton] : [retryButton, newCopyButton]}
        {!failed && readAgain}
        {/* Only once a metadata run can start: not while the first title and tags are queued. */}
        {(canRegenerate(doc) || regenerate.running) && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              // The last run's output is not an answer to the next question: clear it.
              regenerate.dismiss();
              if (doc.edited_fields?.length) setAsking(true);
              else {
                setKept([]);
                void regenerate.start();
              }
            }}
            disabled={regenerate.running || doc.metadata_status === "generating"}
          >
            <SparkIcon /> Regenerate
          </button>
        )}
        {(failed || variant === "detail") && <DeleteDocumentButton id={doc.id} name={name} onDeleted={deleted} />}
      </div>
      {asking && (
        <RegenerateConfirm
          fields={doc.edited_fields}
          onChoose={(replace) => {
            setAsking(false);
            if (replace === null) return;
            setKept(replace ? [] : doc.edited_fields);
            void regenerate.start(replace);
          }}
        />
      )}
      {failed && uploads && (
        <input
          ref={fileInput}
          type="file"
          hidden
          accept={acceptAttribute(config)}
          aria-label={`New copy of ${doc.filename}`}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = "";
            uploads.addFiles(files.slice(0, 1), { replaces: doc.id });
          }}
        />
      )}
      <RegeneratePanel state={regenerate} kept={kept} onDismiss={regenerate.dismiss} />
    </>
  );
}
