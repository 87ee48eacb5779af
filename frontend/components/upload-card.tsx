import type { UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { formatBytes, statusText } from "@/lib/document-status";
import { AlertIcon, FileIcon, SpinnerIcon, UploadIcon } from "./icons";

/**
 * A file on its way: "Uploading n %" only while its bytes are in flight, then "Queued" (the
 * server has them; OCR has not started). Once the server's answer names the document and the
 * document is listed, the document's own card replaces this one (lib/cards.ts).
 */
export function UploadCard({
  item,
  stored,
  onDismiss,
}: {
  item: UploadItem;
  /** The server's row for this file, if the feed showed it before the upload's answer came. */
  stored?: DocumentRow | null;
  onDismiss: (localId: string) => void;
}) {
  const percent = Math.round(item.progress * 100);
  const titleId = `${item.localId}-title`;
  const sending = item.phase === "sending";
  const label = sending ? `Uploading ${percent} %` : stored ? statusText(stored) : "Queued";
  return (
    <article className="card card--upload" aria-labelledby={titleId} data-phase={item.phase} data-filename={item.name}>
      <div className="card__thumb">
        <div className="thumb">
          <FileIcon className="thumb__icon" />
        </div>
      </div>
      <div className="card__body">
        <h3 className="card__title" id={titleId}>
          {item.name}
        </h3>
        <p className="card__meta">{formatBytes(item.size)}</p>
        {item.phase === "rejected" ? (
          <div className="toast" role="alert">
            <AlertIcon />
            <span>{item.error}</span>
            <button type="button" className="button button--ghost button--small" onClick={() => onDismiss(item.localId)}>
              Dismiss
            </button>
          </div>
        ) : (
          <>
            <span className="status status--progress">
              {sending ? <UploadIcon /> : <SpinnerIcon />}
              <span className="status__text">{label}</span>
            </span>
            {sending && (
              <progress className="progress" max={100} value={percent} aria-label={`Upload progress of ${item.name}`}>
                {percent}%
              </progress>
            )}
          </>
        )}
      </div>
    </article>
  );
}
