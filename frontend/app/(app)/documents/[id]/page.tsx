"use client";
import Link from "next/link";
import { useParams, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { DocumentActions } from "@/components/document-actions";
import { FactList } from "@/components/document-facts";
import { DocumentPreview } from "@/components/document-preview";
import { DownloadText } from "@/components/download-text";
import { DuplicateNotice } from "@/components/duplicate-notice";
import { MailSource } from "@/components/mail-source";
import { MetadataEditor } from "@/components/metadata-editor";
import { MetadataNote } from "@/components/metadata-note";
import { useDocumentsContext } from "@/components/documents-provider";
import { BackIcon } from "@/components/icons";
import { OcrText } from "@/components/ocr-text";
import { StatusBadge } from "@/components/status-badge";
import { StatusHistory } from "@/components/status-history";
import { useTimeline } from "@/hooks/use-timeline";
import { ApiError } from "@/lib/api/errors";
import type { DocumentDetail } from "@/lib/api/types";
import { displayName, formatBytes } from "@/lib/document-status";

const uploadedAt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
// The document's language by name ("de" → "German"), in the app's language (English).
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** `?page=N` (a search hit's page, 1 = first): the viewer opens there. Anything else: no page. */
function pageParam(value: string | null, pageCount: number | null): number | null {
  const page = value && /^\d{1,6}$/.test(value) ? Number(value) : 0;
  return page >= 1 && (!pageCount || page <= pageCount) ? page : null;
}

export default function DocumentDetailPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const pageQuery = useSearchParams().get("page");
  const { api } = useAuth();
  const { documents, applyRow } = useDocumentsContext();
  const live = documents.find((doc) => doc.id === id);
  const [detail, setDetail] = useState<DocumentDetail | null>(null);
  const [notFound, setNotFound] = useState(false);

  // Fetch the OCR text again whenever the live row says something it depends on has changed.
  const refetchKey = `${live?.status}:${live?.metadata_status}:${live?.updated_at}`;
  const timeline = useTimeline(api, id, refetchKey);
  useEffect(() => {
    let cancelled = false;
    api.getDocument(id).then(
      (row) => {
        if (cancelled) return;
        setDetail(row);
        const { ocr: _text, ...listRow } = row;
        applyRow(listRow);
      },
      (caught) => !cancelled && caught instanceof ApiError && caught.status === 404 && setNotFound(true),
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, refetchKey, applyRow]);

  if (notFound) {
    return (
      <div className="empty">
        <h1>Document not found</h1>
        <Link href="/">Back to your documents</Link>
      </div>
    );
  }
  const doc = live ?? detail;
  if (!doc) return <div className="skeleton skeleton--block" aria-busy="true" aria-label="Loading document" />;

  const name = displayName(doc);
  return (
    <article className="detail" aria-labelledby="detail-title">
      <Link href="/" className="back-link">
        <BackIcon /> All documents
      </Link>
      <header className="detail__header">
        <h1 id="detail-title" className="page-title">
          {name}
        </h1>
        <p className="muted">
          {doc.filename} · {formatBytes(doc.file_size_bytes)}
          {doc.page_count ? ` · ${doc.page_count} page${doc.page_count === 1 ? "" : "s"}` : ""}
          {doc.language ? ` · in ${languageNames.of(doc.language) ?? doc.language}` : ""} · uploaded{" "}
          <time dateTime={doc.created_at}>{uploadedAt.format(new Date(doc.created_at))}</time>
        </p>
        <StatusBadge doc={doc} />
        <MetadataNote doc={doc} />
        {doc.status === "failed" && doc.error_message && <p className="error-text">{doc.error_message}</p>}
      </header>
      {detail?.source && <MailSource doc={doc} source={detail.source} />}
      <DuplicateNotice doc={doc} onRemoved={() => router.replace("/")} />
      <DocumentActions doc={doc} variant="detail" onDeleted={() => router.replace("/")} />
      <div className="detail__columns">
        <section aria-labelledby="summary-heading">
          <h2 id="summary-heading">Title, tags and summary</h2>
          <MetadataEditor doc={doc} />
          <h2 id="facts-heading">Facts</h2>
          <FactList
            doc={doc}
            onSave={async (name, value) => {
              // A corrected fact is the person's (source `person`): no Regenerate replaces it.
              applyRow(await api.updateMetadata(doc.id, { facts: { [name]: value } }));
            }}
          />
          <h2>Status history</h2>
          <StatusHistory entries={timeline.entries} failed={timeline.failed} />
          <h2>Original</h2>
          <DocumentPreview doc={doc} page={pageParam(pageQuery, doc.page_count)} turns={detail?.ocr?.pages} />
        </section>
        <section aria-labelledby="text-heading">
          <h2 id="text-heading">Text</h2>
          {detail?.ocr && <DownloadText id={doc.id} />}
          {doc.text_truncated && (
            <p className="muted" data-testid="text-truncated">
              The text was cut: this document holds more text than Docstream keeps for one page or
              one document (usually a file that draws the same words over and over). The original
              file is unchanged.
            </p>
          )}
          {detail?.ocr && detail.ocr.total_chars > detail.ocr.text.length && (
            <p className="muted">Only the start of the text is shown here; download it for the whole text.</p>
          )}
          {detail?.ocr ? <OcrText text={detail.ocr.text} /> : <p className="muted">The text appears here once extraction finishes.</p>}
        </section>
      </div>
    </article>
  );
}
