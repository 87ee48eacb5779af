"use client";
import Link from "next/link";
import type { SearchState } from "@/hooks/use-search";
import type { ListedDocument } from "@/lib/api/types";
import { displayName } from "@/lib/document-status";
import { Snippet } from "./snippet";
import { StatusBadge } from "./status-badge";
import { TagChips } from "./tag-chips";

function Result({ doc, search }: { doc: ListedDocument; search: SearchState }) {
  const titleId = `result-${doc.id}-title`;
  const name = displayName(doc);
  return (
    <article className="result" aria-labelledby={titleId}>
      <h3 className="card__title" id={titleId}>
        <Link href={`/documents/${doc.id}`}>{name}</Link>
      </h3>
      <StatusBadge doc={doc} />
      <Snippet parts={doc.snippet} />
      {doc.snippet_page != null && (
        // The page the snippet's match is on: opens the document there (the viewer reads ?page=).
        <p className="result__page">
          <Link href={`/documents/${doc.id}?page=${doc.snippet_page}`} aria-label={`Open ${name} at page ${doc.snippet_page}`}>
            page {doc.snippet_page}
          </Link>
        </p>
      )}
      <TagChips tags={doc.tags} active={search.tag} onSelect={search.setTag} />
      {doc.summary && <p className="card__summary">{doc.summary}</p>}
    </article>
  );
}

/** Ranked results of the query and tag filter in the URL, with snippets; live. */
export function SearchResults({ search }: { search: SearchState }) {
  if (search.error) {
    return (
      <div className="banner" role="alert">
        {search.error}
      </div>
    );
  }
  return (
    <section aria-label="Search results" aria-busy={search.loading}>
      <p className="muted" role="status">
        {search.loading && search.results.length === 0
          ? "Searching…"
          : `${search.total} ${search.total === 1 ? "document" : "documents"} found`}
      </p>
      <ul className="results">
        {search.results.map((doc) => (
          <li key={doc.id}>
            <Result doc={doc} search={search} />
          </li>
        ))}
      </ul>
      {search.hasMore && (
        <div className="load-more load-more--results">
          <p className="muted" data-testid="results-count">
            Showing {search.results.length} of {search.total}
          </p>
          <button
            type="button"
            className="button button--ghost"
            onClick={() => void search.loadMore()}
            disabled={search.loadingMore}
          >
            {search.loadingMore ? "Loading…" : "Load more results"}
          </button>
          {search.moreError && (
            <p className="error-text" role="alert">
              {search.moreError}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
