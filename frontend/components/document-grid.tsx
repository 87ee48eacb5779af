"use client";
import type { UploadItem } from "@/hooks/use-uploads";
import type { DocumentRow } from "@/lib/api/types";
import { CardSkeletons } from "./card-skeleton";
import { DocumentCard } from "./document-card";
import { EmptyState } from "./empty-state";
import { UploadCard } from "./upload-card";

interface DocumentGridProps {
  documents: DocumentRow[];
  uploads: UploadItem[];
  isLoading: boolean;
  onDismissUpload: (localId: string) => void;
}

/** Uploads still in flight first, then documents newest first. */
export function DocumentGrid({ documents, uploads, isLoading, onDismissUpload }: DocumentGridProps) {
  const known = new Set(documents.map((doc) => doc.id));
  // An acknowledged upload hides as soon as its document is in the list.
  const pending = uploads.filter((item) => !(item.documentId && known.has(item.documentId)));

  if (isLoading && pending.length === 0) return <CardSkeletons />;
  if (documents.length === 0 && pending.length === 0) return <EmptyState />;
  return (
    <ul className="grid" aria-label="Documents">
      {pending.map((item) => (
        <li key={item.localId}>
          <UploadCard item={item} onDismiss={onDismissUpload} />
        </li>
      ))}
      {documents.map((doc) => (
        <li key={doc.id}>
          <DocumentCard doc={doc} />
        </li>
      ))}
    </ul>
  );
}
