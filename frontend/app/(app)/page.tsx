"use client";
import { useAuth } from "@/components/auth-provider";
import { Suspense } from "react";
import { DocumentGrid } from "@/components/document-grid";
import { useDocumentsContext } from "@/components/documents-provider";
import { SearchPanel } from "@/components/search-panel";
import { UploadDropzone } from "@/components/upload-dropzone";
import { useUploads } from "@/hooks/use-uploads";

export default function DocumentsPage() {
  const { api } = useAuth();
  const { documents, isLoading, error, refresh } = useDocumentsContext();
  const uploads = useUploads(api);
  const grid = (
    <DocumentGrid
      documents={documents}
      uploads={uploads.items}
      isLoading={isLoading}
      onDismissUpload={uploads.dismiss}
    />
  );
  return (
    <>
      <h1 className="page-title">Your documents</h1>
      <UploadDropzone onFiles={uploads.addFiles} />
      {error && (
        <div className="banner" role="alert">
          {error}{" "}
          <button type="button" className="button button--ghost button--small" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      )}
      {/* Search (issue 14): results replace the list while ?q= or ?tag= is set. */}
      <Suspense fallback={grid}>
        <SearchPanel>{grid}</SearchPanel>
      </Suspense>
    </>
  );
}
