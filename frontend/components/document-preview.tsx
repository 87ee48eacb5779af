"use client";
import { useAuth } from "@/components/auth-provider";
import { useAuthorizedBlob } from "@/hooks/use-authorized-blob";
import type { DocumentRow } from "@/lib/api/types";
import { DownloadIcon } from "./icons";

/** The original file: shown inline when the browser can (PDF, common images), always downloadable. */
export function DocumentPreview({ doc }: { doc: Pick<DocumentRow, "id" | "filename" | "mime_type"> }) {
  const { api } = useAuth();
  const { url, failed } = useAuthorizedBlob(api, `/api/documents/${doc.id}/file`);
  const inlineImage = ["image/png", "image/jpeg", "image/webp"].includes(doc.mime_type);
  const isPdf = doc.mime_type === "application/pdf";

  if (failed) return <p className="error-text" role="alert">The original file could not be loaded.</p>;
  if (!url) return <div className="preview skeleton" aria-label="Loading the original" />;
  return (
    <div className="preview-wrap">
      {isPdf && <iframe className="preview" src={url} title={`Preview of ${doc.filename}`} />}
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
