/**
 * One card per file. An upload and the server's document for it are the same file; between the
 * moment the server stores the file (the feed shows its row) and the moment the upload's answer
 * arrives (with the id), both exist. This decides, for every render, which single card shows:
 *
 * - an upload with a `documentId` whose document is listed: the document's card only;
 * - an upload still waiting for its answer: its own card, and a listed document that must be
 *   this file (same name, created after the upload began, claimed by no answered upload) is
 *   hidden and lends its state ("Queued") to the upload card;
 * - everything else: as it is.
 */
import type { UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { timestampMicros } from "@/lib/timestamps";

export type Card =
  | { kind: "upload"; key: string; item: UploadItem; stored: DocumentRow | null }
  | { kind: "document"; key: string; doc: DocumentRow };

/** The name as the server stores it (services/uploads.py::display_filename), for matching. */
function storedName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim() || "document";
}

export function cardsFor(documents: DocumentRow[], uploads: UploadItem[]): Card[] {
  const listed = new Map(documents.map((doc) => [doc.id, doc]));
  const answered = new Set(uploads.flatMap((item) => (item.documentId ? [item.documentId] : [])));
  const hidden = new Set<string>();
  const cards: Card[] = [];

  for (const item of uploads) {
    if (item.documentId && listed.has(item.documentId)) continue; // the document's card takes over
    let stored: DocumentRow | null = null;
    if (item.documentId) {
      stored = null;
    } else if (item.phase === "sending" || item.phase === "sent") {
      stored =
        documents.find(
          (doc) =>
            doc.filename === storedName(item.name).slice(0, 255) &&
            !answered.has(doc.id) &&
            !hidden.has(doc.id) &&
            (item.after === null || timestampMicros(doc.created_at) > timestampMicros(item.after)),
        ) ?? null;
      if (stored) hidden.add(stored.id);
    }
    cards.push({ kind: "upload", key: item.localId, item, stored });
  }
  for (const doc of documents) {
    if (!hidden.has(doc.id)) cards.push({ kind: "document", key: doc.id, doc });
  }
  return cards;
}
