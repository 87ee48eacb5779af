"use client";
import { useAuth } from "@/components/auth-provider";
import { useAuthorizedBlob } from "@/hooks/use-authorized-blob";
import type { DocumentRow } from "@/lib/api/types";
import { FileIcon } from "./icons";

/** First-page preview; a file icon until the server can render one (or if it never can). */
export function DocumentThumbnail({ doc }: { doc: Pick<DocumentRow, "id" | "status"> }) {
  const { api } = useAuth();
  // Before OCR finishes the file may not be renderable; ask again once it is ready.
  const ready = doc.status === "ocr_complete";
  // Nothing to render before the file is read, nor for a file that could not be read.
  const path = doc.status === "uploading" || doc.status === "failed" ? null : `/api/documents/${doc.id}/thumbnail?ready=${ready}`;
  const { url } = useAuthorizedBlob(api, path);
  return (
    <div className="thumb">
      {url ? (
        // A plain <img>: next/image cannot optimise a blob: object URL.
        <img src={url} alt="" className="thumb__img" />
      ) : (
        <FileIcon className="thumb__icon" />
      )}
    </div>
  );
}
