"use client";
import type { UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { cardsFor } from "@/lib/cards";
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

/** Uploads still in flight first, then documents newest first; one card per file (lib/cards.ts). */
export function DocumentGrid(props: DocumentGridProps) {
  const { documents, uploads, isLoading, onDismissUpload, total, hasMore, isLoadingMore, onLoadMore } = props;
  const cards = cardsFor(documents, uploads);

  if (isLoading && cards.length === 0) return <CardSkeletons />;
  if (cards.length === 0) return <EmptyState />;
  return (
    <>
      {total !== null && total > 0 && (
        <p className="list-count muted" data-testid="list-count">
          {documents.length >= total ? `${total} document${total === 1 ? "" : "s"}` : `Showing ${documents.length} of ${total} documents`}
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
