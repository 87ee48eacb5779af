import type { DocumentRow, ErrorCode } from "@/lib/api/types";

export type StatusTone = "progress" | "ready" | "failed" | "empty";

type StatusFields = Pick<DocumentRow, "status" | "page_count" | "pages_done"> &
  Partial<Pick<DocumentRow, "retry_count" | "no_text" | "metadata_status" | "display_name">>;

/**
 * The text is read but the title, tags and summary do not exist yet (their first run is queued
 * or running): not "Ready", and nothing to regenerate yet.
 */
export function metadataComing(row: Partial<Pick<DocumentRow, "status" | "metadata_status" | "no_text" | "display_name">>): boolean {
  return (
    row.status === "ocr_complete" &&
    !row.no_text &&
    (row.metadata_status === "pending" || row.metadata_status === "generating") &&
    !row.display_name
  );
}

/** Regenerate can run: the text is read and no metadata run is queued or running. */
export function canRegenerate(row: Pick<DocumentRow, "status" | "metadata_status" | "no_text">): boolean {
  return row.status === "ocr_complete" && !row.no_text && (row.metadata_status === "complete" || row.metadata_status === "failed");
}

/** OCR attempts a document gets, when the API's config has not said yet. */
export const DEFAULT_MAX_ATTEMPTS = 4;

/**
 * What a person reads on a card. `uploading` on the server means the bytes are stored and the
 * document waits for OCR: that is "Queued", not "Uploading" (only the browser knows about bytes
 * in flight, and its upload card says so).
 */
export function statusText(row: StatusFields, maxAttempts = DEFAULT_MAX_ATTEMPTS): string {
  const retrying = (row.retry_count ?? 0) > 0 ? `Retrying (attempt ${(row.retry_count ?? 0) + 1} of ${maxAttempts})` : null;
  switch (row.status) {
    case "uploading":
      return retrying ?? "Queued";
    case "processing": {
      const pages = row.page_count ? ` ${Math.min(row.pages_done, row.page_count)}/${row.page_count} pages` : "";
      return retrying ? `${retrying} · extracting text…${pages}` : `Extracting text…${pages}`;
    }
    case "ocr_complete":
      // Done, but the pages held nothing to read: say so rather than a cheerful "Ready".
      if (row.no_text) return "No text found";
      return metadataComing(row) ? "Text ready" : "Ready";
    case "failed":
      return "Failed";
  }
}

export function statusTone(status: DocumentRow["status"], noText = false, coming = false): StatusTone {
  if (status === "ocr_complete") return noText ? "empty" : coming ? "progress" : "ready";
  if (status === "failed") return "failed";
  return "progress";
}

/** Failures that are about the file itself: trying the same bytes again cannot help. */
const FILE_PROBLEMS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "corrupt_file",
  "encrypted_pdf",
  "too_many_pages",
  "image_too_large",
  "unsupported_content",
  "file_missing",
]);

/** Whether "Upload a new copy" (rather than Retry) is the useful next step. */
export function needsNewFile(row: Pick<DocumentRow, "error_code">): boolean {
  return !!row.error_code && FILE_PROBLEMS.has(row.error_code);
}

/** What the buttons on a failed card can do about it, in words. */
export function failureHint(row: Pick<DocumentRow, "error_code">): string {
  if (row.error_code === "file_missing") return "The stored file is gone: upload a new copy, or delete this one.";
  // The processing queue never took it (a setup problem of the service): the file is fine.
  if (row.error_code === "dispatch_failed") return "Nothing is wrong with the file: the service could not start on it. Retry in a while; if it happens again, tell your administrator.";
  if (needsNewFile(row)) return "“Upload a new copy” replaces this one; Retry reads the same file again.";
  return "This may be temporary: Retry, or delete it.";
}

export function displayName(row: Pick<DocumentRow, "display_name" | "filename">): string {
  return row.display_name?.trim() || row.filename;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
export function formatClock(at: number | string | Date): string {
  return clock.format(new Date(at));
}
