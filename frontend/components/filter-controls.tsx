"use client";
import { DOCUMENT_TYPES, type DocumentType, type UrlFilters } from "@/lib/list-query";

const STATUS_OPTIONS: { value: NonNullable<UrlFilters["status"]>; label: string }[] = [
  { value: "ocr_complete", label: "Ready" },
  { value: "processing", label: "Being read" },
  { value: "uploading", label: "Queued" },
  { value: "failed", label: "Failed" },
];

/**
 * Status, upload date range, type, the document's own date range, sender and order: compact
 * controls for the API's `status=`, `from=`, `to=`, `type=`, `date_from=`, `date_to=`,
 * `correspondent=` and `sort=` (the sender is set from a document's facts and shown here to be
 * removed). They live in the URL like the query, so they drive the list and the search alike
 * (and survive a reload). Without a query the list is newest first, or by the document's own
 * date; "Best match" needs a query.
 */
export function FilterControls({
  filters,
  hasQuery,
  onChange,
}: {
  filters: UrlFilters;
  hasQuery: boolean;
  onChange: (changes: Partial<Record<keyof UrlFilters, string | null>>) => void;
}) {
  // Without a search the list is newest first; a search ranks by best match.
  const defaultSort = hasQuery ? "relevance" : "newest";
  const any = !!(
    filters.status ||
    filters.from ||
    filters.to ||
    filters.type ||
    filters.correspondent ||
    filters.date_from ||
    filters.date_to ||
    filters.sort
  );
  return (
    <fieldset className="filters" aria-label="Filters">
      <label className="filters__field">
        <span>Status</span>
        <select value={filters.status ?? ""} onChange={(event) => onChange({ status: event.target.value || null })}>
          <option value="">Any</option>
          {STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span>From</span>
        <input
          type="date"
          value={filters.from ?? ""}
          max={filters.to}
          onChange={(event) => onChange({ from: event.target.value || null })}
        />
      </label>
      <label className="filters__field">
        <span>To</span>
        <input
          type="date"
          value={filters.to ?? ""}
          min={filters.from}
          onChange={(event) => onChange({ to: event.target.value || null })}
        />
      </label>
      <label className="filters__field">
        <span>Type</span>
        <select value={filters.type ?? ""} onChange={(event) => onChange({ type: event.target.value || null })}>
          <option value="">Any</option>
          {(Object.entries(DOCUMENT_TYPES) as [DocumentType, string][]).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__field">
        <span>Dated since</span>
        <input
          type="date"
          value={filters.date_from ?? ""}
          max={filters.date_to}
          onChange={(event) => onChange({ date_from: event.target.value || null })}
        />
      </label>
      <label className="filters__field">
        <span>Dated until</span>
        <input
          type="date"
          value={filters.date_to ?? ""}
          min={filters.date_from}
          onChange={(event) => onChange({ date_to: event.target.value || null })}
        />
      </label>
      {filters.correspondent && (
        <button
          type="button"
          className="button button--ghost button--small"
          aria-label={`Show documents from any sender, not only ${filters.correspondent}`}
          onClick={() => onChange({ correspondent: null })}
        >
          Sender: {filters.correspondent} ×
        </button>
      )}
      <label className="filters__field">
        <span>Order</span>
        <select
          value={filters.sort ?? defaultSort}
          onChange={(event) => onChange({ sort: event.target.value === defaultSort ? null : event.target.value })}
        >
          <option value="relevance" disabled={!hasQuery} title={hasQuery ? undefined : "Only a search has a best match"}>
            Best match
          </option>
          <option value="newest">Newest first</option>
          <option value="document_date">Document date</option>
        </select>
      </label>
      {any && (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() =>
            onChange({
              status: null,
              from: null,
              to: null,
              type: null,
              correspondent: null,
              date_from: null,
              date_to: null,
              sort: null,
            })
          }
        >
          Clear filters
        </button>
      )}
    </fieldset>
  );
}
