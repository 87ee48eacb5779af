import type { DocumentRow } from "@/lib/api/types";

export type StatusTone = "progress" | "ready" | "failed";

/** What a person reads on a card, e.g. "Extracting text… 3/12 pages". */
export function statusText(row: Pick<DocumentRow, "status" | "page_count" | "pages_done">): string {
  switch (row.status) {
    case "uploading":
      return "Uploading";
    case "processing":
      return row.page_count
        ? `Extracting text… ${Math.min(row.pages_done, row.page_count)}/${row.page_count} pages`
        : "Extracting text…";
    case "ocr_complete":
      return "Ready";
    case "failed":
      return "Failed";
  }
}

export function statusTone(status: DocumentRow["status"]): StatusTone {
  if (status === "ocr_complete") return "ready";
  if (status === "failed") return "failed";
  return "progress";
}

export function displayName(row: Pick<DocumentRow, "display_name" | "filename">): string {
  return row.display_name?.trim() || row.filename;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
