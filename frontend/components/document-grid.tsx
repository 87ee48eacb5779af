"use client";
import type { UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { type Card, cardsFor } from "@/lib/cards";
import { metadataComing } from "@/lib/document-status";
import { CardSkeletons } from "./card-skeleton";
import { DocumentCard } from "./document-card";
import { EmptyState } from "./empty-state";
import { UploadCard } from "./upload-card";

interface DocumentGridProps {
  documents: DocumentRow[];
  uploads: UploadItem[];
  isLoading: boolean;
  onDismissUpload: (localId: string) => void;
  total: number | null;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
}

const IN_PROGRESS: ReadonlySet<DocumentRow["status"]> = new Set(["uploading", "processing"]);
const plural = (n: number) => `${n} document${n === 1 ? "" : "s"}`;

/**
 * "12 documents, 3 in progress": the count matches the cards (in progress: on its way, queued,
 * being read, or its title and tags still to come). Files still on their way (an
 * upload card with no listed document yet) are documents too; refused files are not. The
 * server's total can lag behind the live list (it was counted when the page was fetched), so
 * it never counts fewer than are listed.
 */
export function listCount(documents: DocumentRow[], cards: Card[], total: number, hasMore: boolean): string {
  const arriving = cards.filter((card) => card.kind === "upload" && card.item.phase !== "rejected" && !card.stored).length;
  const all = Math.max(total, documents.length) + arriving;
  const shown = cards.filter((card) => card.kind === "document" || card.item.phase !== "rejected").length;
  // Only the loaded documents' states are known: with more to load, no in-progress count.
  if (hasMore && shown < all) return `Showing ${shown} of ${plural(all)}`;
  const inProgress = arriving + documents.filter((doc) => IN_PROGRESS.has(doc.status) || metadataComing(doc)).length;
  return inProgress > 0 ? `${plural(all)}, ${inProgress} in progress` : plural(all);
}

/** Uploads still in flight first, then documents newest first; one card per file (lib/cards.ts). */
export function DocumentGrid(props: DocumentGridProps) {
  const { documents, uploads, isLoading, onDismissUpload, total, hasMore, isLoadingMore, onLoadMore } = props;
  const cards = cardsFor(documents, uploads);
  const counted = cards.some((card) => card.kind === "document" || card.item.phase !== "rejected");

  if (isLoading && cards.length === 0) return <CardSkeletons />;
  if (cards.length === 0) return <EmptyState />;
  return (
    <>
      {total !== null && counted && (
        <p className="list-count muted" data-testid="list-count">
          {listCount(documents, cards, total, hasMore)}
        </p>
      )}
      <ul className="grid" aria-label="Documents">
        {cards.map((card) => (
          <li key={card.key}>
            {card.kind === "upload" ? (
              <UploadCard item={card.item} stored={card.stored} onDismiss={onDismissUpload} />
            ) : (
              <DocumentCard doc={card.doc} />
            )}
          </li>
        ))}
      </ul>
      {hasMore && (
        <div className="load-more">
          <button type="button" className="button button--ghost" onClick={onLoadMore} disabled={isLoadingMore}>
            {isLoadingMore ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </>
  );
}
