"use client";
import { Suspense } from "react";
import { BatchBar } from "@/components/batch-bar";
import { DocumentGrid } from "@/components/document-grid";
import { useDocumentsContext } from "@/components/documents-provider";
import { SearchPanel } from "@/components/search-panel";
import { UploadDropzone } from "@/components/upload-dropzone";
import { useUploadsContext } from "@/components/uploads-provider";

export default function DocumentsPage() {
  const { documents, loading, error, refresh, total, hasMore, loadingMore, loadMore } = useDocumentsContext();
  const uploads = useUploadsContext();
  const batch = uploads.batches.find((candidate) => candidate.localIds.length > 1);
  const grid = (
    <DocumentGrid
      documents={documents}
      uploads={uploads.items}
      isLoading={loading}
      onDismissUpload={uploads.dismiss}
      total={total}
      hasMore={hasMore}
      isLoadingMore={loadingMore}
      onLoadMore={() => void loadMore()}
    />
  );
  return (
    <>
      <h1 className="page-title">Your documents</h1>
      <UploadDropzone onFiles={(files) => uploads.addFiles(files)} />
      {batch && (
        <BatchBar
          batch={batch}
          items={uploads.items}
          documents={documents}
          onDismiss={() => uploads.dismissBatch(batch.id)}
        />
      )}
      {error && (
        <div className="banner" role="alert">
          {error}{" "}
          <button type="button" className="button button--ghost button--small" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {/* Search: results replace the list while ?q=, ?tag= or a filter (status, from, to) is set. */}
      <Suspense fallback={grid}>
        <SearchPanel>{grid}</SearchPanel>
      </Suspense>
    </>
  );
}
