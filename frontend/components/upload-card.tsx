import type { UploadItem } from "@/hooks/use-uploads";
import { formatBytes } from "@/lib/document-status";
import { AlertIcon, FileIcon, UploadIcon } from "./icons";

/**
 * A file the API has not acknowledged yet (or refused). It shows right away, with the file's own
 * progress bar; once the document arrives from the feed, its real card replaces this one.
 */
export function UploadCard({ item, onDismiss }: { item: UploadItem; onDismiss: (localId: string) => void }) {
  const percent = Math.round(item.progress * 100);
  const titleId = `${item.localId}-title`;
  return (
    <article className="card card--upload" aria-labelledby={titleId} data-phase={item.phase}>
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
            <span className="status status--progress" role="status">
              <UploadIcon />
              <span className="status__text">Uploading</span>
            </span>
            <progress className="progress" max={100} value={percent} aria-label={`Upload progress of ${item.name}`}>
              {percent}%
            </progress>
          </>
        )}
      </div>
    </article>
  );
}
