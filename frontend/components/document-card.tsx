import Link from "next/link";
import type { DocumentRow } from "@/lib/api/types";
import { displayName, formatBytes } from "@/lib/document-status";
import { DocumentActions } from "./document-actions";
import { CardFacts } from "./document-facts";
import { DocumentThumbnail } from "./document-thumbnail";
import { DuplicateNotice } from "./duplicate-notice";
import { MetadataNote } from "./metadata-note";
import { StatusBadge } from "./status-badge";
import { TagList } from "./tag-list";

export function DocumentCard({ doc }: { doc: DocumentRow }) {
  const name = displayName(doc);
  const titleId = `doc-${doc.id}-title`;
  return (
    // data-document-id: one card per document, so tests (and styles) can name exactly this one.
    <article className="card" aria-labelledby={titleId} data-status={doc.status}
             data-document-id={doc.id} data-filename={doc.filename}>
      <Link href={`/documents/${doc.id}`} className="card__thumb" tabIndex={-1} aria-hidden="true">
        <DocumentThumbnail doc={doc} />
      </Link>
      <div className="card__body">
        <h3 className="card__title" id={titleId}>
          <Link href={`/documents/${doc.id}`}>{name}</Link>
        </h3>
        <p className="card__meta">
          {name !== doc.filename && <span className="card__filename">{doc.filename} · </span>}
          {formatBytes(doc.file_size_bytes)}
        </p>
        <StatusBadge doc={doc} />
        <DuplicateNotice doc={doc} />
        {doc.status === "processing" && doc.page_count ? (
          <progress className="progress" max={doc.page_count} value={doc.pages_done} aria-label="Pages done" />
        ) : null}
        {doc.status === "failed" && doc.error_message && <p className="error-text">{doc.error_message}</p>}
        <MetadataNote doc={doc} />
        {doc.status === "ocr_complete" && doc.no_text && (
          <p className="muted" data-testid="no-text-hint">
            Nothing readable on its pages, so no title, tags or summary were made up. If it should contain text,
            scan it again at a higher resolution.
          </p>
        )}
        <CardFacts doc={doc} />
        <TagList tags={doc.tags} />
        {doc.summary && <p className="card__summary">{doc.summary}</p>}
        <DocumentActions doc={doc} />
      </div>
    </article>
  );
}
