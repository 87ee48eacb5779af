import type { DocumentRow } from "@/lib/api/types";
import { metadataComing } from "@/lib/document-status";

/**
 * Says that the title, tags and summary are coming (queued or being written), so a document
 * whose text is read does not look finished without them.
 */
export function MetadataNote({ doc }: { doc: Pick<DocumentRow, "status" | "metadata_status" | "no_text" | "display_name"> }) {
  if (doc.status !== "ocr_complete" || doc.no_text) return null;
  if (doc.metadata_status === "generating") {
    return (
      <p className="muted" data-testid="metadata-note">
        Generating name, tags and summary…
      </p>
    );
  }
  if (metadataComing(doc)) {
    return (
      <p className="muted" data-testid="metadata-note">
        Text read. The title, tags and summary are on their way.
      </p>
    );
  }
  return null;
}
