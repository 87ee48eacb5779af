"use client";
import type { ReactNode } from "react";
import { useAction } from "@/hooks/use-action";
import { useSearch } from "@/hooks/use-search";
import { saveFile } from "@/lib/download";
import { useAuth } from "./auth-provider";
import { useDocumentsContext } from "./documents-provider";
import { FilterControls } from "./filter-controls";
import { SearchBox } from "./search-box";
import { SearchResults } from "./search-results";

/**
 * The search box, the filters (status, dates, order), the active tag filter and the export of
 * the current result set (the export takes the same query and filters). While a query, tag or
 * filter is in the URL it shows the results; otherwise its children (the usual list).
 */
export function SearchPanel({ children }: { children: ReactNode }) {
  const { api } = useAuth();
  const { documents } = useDocumentsContext();
  const search = useSearch(api, documents);
  const { error: exportError, run } = useAction("The export failed.");

  const exportAs = (format: "csv" | "json") =>
    run(async () => saveFile(await api.exportDocuments(search.query, format)));

  return (
    <>
      <div className="toolbar">
        <SearchBox value={search.q} onSearch={search.setQuery} />
        {search.tag && (
          <button
            type="button"
            className="tag tag--button tag--active"
            aria-label={`Stop filtering by tag ${search.tag}`}
            onClick={() => search.setTag(null)}
          >
            {search.tag} ×
          </button>
        )}
        <div className="actions">
          <button type="button" className="button button--ghost button--small" onClick={() => void exportAs("csv")}>
            Export CSV
          </button>
          <button type="button" className="button button--ghost button--small" onClick={() => void exportAs("json")}>
            Export JSON
          </button>
        </div>
      </div>
      <FilterControls filters={search.filters} hasQuery={search.q.trim() !== ""} onChange={search.setFilters} />
      {exportError && (
        <p className="error-text" role="alert">
          {exportError}
        </p>
      )}
      {search.active ? <SearchResults search={search} /> : children}
    </>
  );
}
