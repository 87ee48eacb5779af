"use client";
import type { UploadBatch, UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";

export interface BatchSummary {
  total: number;
  ready: number;
  failed: number;
  /** Files refused before or at upload (type, size, quota): their cards say "refused". */
  refused: number;
  uploading: number;
}

/** Where each file of a drop has got to: uploading, ready, failed, or refused (never stored). */
export function summarise(batch: UploadBatch, items: UploadItem[], documents: DocumentRow[]): BatchSummary {
  const byLocalId = new Map(items.map((item) => [item.localId, item]));
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const summary: BatchSummary = { total: batch.localIds.length, ready: 0, failed: 0, refused: 0, uploading: 0 };
  for (const localId of batch.localIds) {
    const item = byLocalId.get(localId);
    if (!item || item.phase === "rejected") {
      summary.refused += 1;
      continue;
    }
    if (item.phase === "sending") summary.uploading += 1;
    const doc = item.documentId ? byId.get(item.documentId) : undefined;
    if (doc?.status === "ocr_complete") summary.ready += 1;
    else if (doc?.status === "failed") summary.failed += 1;
  }
  return summary;
}

/** "12 of 20 ready" for a drop of several files, until dismissed. */
export function BatchBar({
  batch,
  items,
  documents,
  onDismiss,
}: {
  batch: UploadBatch;
  items: UploadItem[];
  documents: DocumentRow[];
  onDismiss: () => void;
}) {
  const s = summarise(batch, items, documents);
  const done = s.ready + s.failed + s.refused === s.total;
  return (
    <div className="batch" data-testid="batch-bar">
      <p className="batch__text">
        <strong>
          {s.ready} of {s.total} ready
        </strong>
        {s.failed > 0 && ` · ${s.failed} failed`}
        {s.refused > 0 && ` · ${s.refused} refused`}
        {s.uploading > 0 && ` · ${s.uploading} uploading`}
      </p>
      <progress className="progress" max={s.total} value={s.ready + s.failed + s.refused} aria-label="Files of this drop done" />
      {done && (
        <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
