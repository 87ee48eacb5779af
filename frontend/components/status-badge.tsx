import type { DocumentRow } from "@/lib/api/types";
import { statusText, statusTone } from "@/lib/document-status";
import { AlertIcon, CheckIcon, SpinnerIcon, UploadIcon } from "./icons";

/** The status label and icon. A polite live region, so screen readers hear progress. */
export function StatusBadge({ doc }: { doc: Pick<DocumentRow, "status" | "page_count" | "pages_done"> }) {
  const tone = statusTone(doc.status);
  const icon =
    doc.status === "uploading" ? <UploadIcon /> : tone === "ready" ? <CheckIcon /> : tone === "failed" ? <AlertIcon /> : <SpinnerIcon />;
  return (
    <span className={`status status--${tone}`} role="status" aria-live="polite">
      {icon}
      <span className="status__text">{statusText(doc)}</span>
    </span>
  );
}
