"use client";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { useAuth } from "@/components/auth-provider";
import { useAuthorizedBlob } from "@/hooks/use-authorized-blob";
import type { DocumentRow, OcrPageTurn } from "@/lib/api/types";
import { turnedPagesNote, uprightTransform } from "@/lib/page-turns";
import { DownloadIcon } from "./icons";

/** Whether this browser shows PDFs inline (most phones do not; an iframe there is an empty box). */
function useInlinePdf(): boolean | null {
  // Null on the server (and while hydrating): only the browser knows.
  return useSyncExternalStore(noSubscription, browserShowsPdfs, () => null);
}

const noSubscription = () => () => {};

function browserShowsPdfs(): boolean {
  const coarse = window.matchMedia?.("(pointer: coarse)").matches ?? false;
  return navigator.pdfViewerEnabled === true && !coarse;
}

/**
 * The original file: a PDF inline where the browser can show one, else the first page as an
 * image; common images as they are; always downloadable. With `page` (a search hit's or a fact's page), it
 * is scrolled into view and an inline PDF opens at that page (`#page=N`, which browsers' PDF
 * viewers follow); where it cannot, it says which page to look at. With `turns` (how the OCR
 * turned each page to read it) an image is shown upright, and a PDF whose first page was scanned
 * turned also shows that page upright (the thumbnail, rendered turned) above it as scanned.
 */
export function DocumentPreview({
  doc,
  page: atPage = null,
  turns,
}: {
  doc: Pick<DocumentRow, "id" | "filename" | "mime_type" | "status">;
  page?: number | null;
  turns?: OcrPageTurn[];
}) {
  const { api } = useAuth();
  const wrap = useRef<HTMLDivElement>(null);
  const isPdf = doc.mime_type === "application/pdf";
  const inlinePdf = useInlinePdf();
  const { url, failed } = useAuthorizedBlob(api, `/api/documents/${doc.id}/file`);
  const firstTurned = (turns?.[0]?.orientation ?? 0) !== 0;
  const wantsPageImage = (isPdf && (inlinePdf === false || firstTurned)) || doc.mime_type === "image/tiff";
  const page = useAuthorizedBlob(api, wantsPageImage && doc.status !== "failed" ? `/api/documents/${doc.id}/thumbnail` : null);
  const inlineImage = ["image/png", "image/jpeg", "image/webp"].includes(doc.mime_type);
  useEffect(() => {
    if (atPage && url) wrap.current?.scrollIntoView?.({ block: "start" });
  }, [atPage, url]);

  if (failed) return <p className="error-text" role="alert">The original file could not be loaded.</p>;
  if (!url) return <div className="preview skeleton" aria-label="Loading the original" />;
  return (
    <div className="preview-wrap" ref={wrap}>
      {atPage && !(isPdf && inlinePdf) && <p className="muted">Look at page {atPage}.</p>}
      {isPdf && turnedPagesNote(turns) && <p className="muted">{turnedPagesNote(turns)}</p>}
      {isPdf && inlinePdf && firstTurned && page.url && (
        <img className="preview preview--image" src={page.url} alt={`First page of ${doc.filename}, upright`} />
      )}
      {isPdf && inlinePdf && (
        <iframe
          className="preview"
          src={atPage ? `${url}#page=${atPage}` : url}
          title={atPage ? `Preview of ${doc.filename}, at page ${atPage}` : `Preview of ${doc.filename}`}
        />
      )}
      {wantsPageImage && !(isPdf && inlinePdf) && page.url && (
        <img className="preview preview--image" src={page.url} alt={`First page of ${doc.filename}`} />
      )}
      {inlineImage && (
        // A plain <img>: next/image cannot optimise a blob: object URL. Turned as the OCR turned
        // it, so a photo taken upside down or askew is shown upright.
        <div className="preview-turn">
          <img
            className="preview preview--image"
            src={url}
            alt={`The original of ${doc.filename}`}
            style={{ transform: uprightTransform(turns?.[0]) }}
          />
        </div>
      )}
      <a className="button button--ghost" href={url} download={doc.filename}>
        <DownloadIcon /> Download original
      </a>
    </div>
  );
}
