import type { DocumentRow } from "@/lib/api/types";
import { metadataComing, statusText, statusTone } from "@/lib/document-status";
import { useClientConfig } from "./config-provider";
import { AlertIcon, CheckIcon, SpinnerIcon } from "./icons";

/**
 * The status label and icon. Not a live region of its own: twenty cards would talk over each
 * other; the page's one live region (notices-provider) summarises what finished.
 */
export function StatusBadge({
  doc,
}: {
  doc: Pick<DocumentRow, "status" | "page_count" | "pages_done" | "retry_count"> &
    Partial<Pick<DocumentRow, "no_text" | "metadata_status" | "display_name">>;
}) {
  const { config } = useClientConfig();
  const tone = statusTone(doc.status, doc.no_text ?? false, metadataComing(doc));
  const icon = tone === "ready" ? <CheckIcon /> : tone === "progress" ? <SpinnerIcon /> : <AlertIcon />;
  return (
    <span className={`status status--${tone}`} data-testid="status">
      {icon}
      <span className="status__text">{statusText(doc, config?.max_attempts)}</span>
    </span>
  );
}
