"use client";
import { useSyncExternalStore } from "react";
import { useAuth } from "@/components/auth-provider";
import { useAuthorizedBlob } from "@/hooks/use-authorized-blob";
import type { DocumentRow } from "@/lib/api/types";
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
 * image; common images as they are; always downloadable.
 */
export function DocumentPreview({ doc }: { doc: Pick<DocumentRow, "id" | "filename" | "mime_type" | "status"> }) {
  const { api } = useAuth();
  const isPdf = doc.mime_type === "application/pdf";
  const inlinePdf = useInlinePdf();
  const { url, failed } = useAuthorizedBlob(api, `/api/documents/${doc.id}/file`);
  const wantsPageImage = (isPdf && inlinePdf === false) || doc.mime_type === "image/tiff";
  const page = useAuthorizedBlob(api, wantsPageImage && doc.status !== "failed" ? `/api/documents/${doc.id}/thumbnail` : null);
  const inlineImage = ["image/png", "image/jpeg", "image/webp"].includes(doc.mime_type);

  if (failed) return <p className="error-text" role="alert">The original file could not be loaded.</p>;
  if (!url) return <div className="preview skeleton" aria-label="Loading the original" />;
  return (
    <div className="preview-wrap">
      {isPdf && inlinePdf && <iframe className="preview" src={url} title={`Preview of ${doc.filename}`} />}
      {wantsPageImage && page.url && (
        <img className="preview preview--image" src={page.url} alt={`First page of ${doc.filename}`} />
      )}
      {inlineImage && (
        // A plain <img>: next/image cannot optimise a blob: object URL.
        <img className="preview preview--image" src={url} alt={`The original of ${doc.filename}`} />
      )}
      <a className="button button--ghost" href={url} download={doc.filename}>
        <DownloadIcon /> Download original
      </a>
    </div>
  );
}
