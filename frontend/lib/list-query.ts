/**
 * The list's query, in one place: what `GET /api/documents` is asked for. Search and filters
 * add their fields here (and to `listQueryParams`); paging and the hooks pass it through as is.
 */
export interface ListQuery extends ListFilters {
  /** Opaque, from the previous page's `next_cursor`. */
  cursor?: string | null;
  limit?: number;
}

/** The list's filters and order, as the API names them (`status=`, `from=`, `to=`, `sort=`). */
export interface ListFilters {
  status?: "uploading" | "processing" | "ocr_complete" | "failed";
  /** Uploaded on or after / on or before this day (YYYY-MM-DD, UTC). */
  from?: string;
  to?: string;
  /** `relevance` ranks by the query (the API's default); `newest` is upload order. */
  sort?: "relevance" | "newest";
}

const STATUSES: ReadonlySet<string> = new Set(["uploading", "processing", "ocr_complete", "failed"]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters a URL's search params carry (unknown values are left out), and a stable key. */
export function listFiltersFrom(params: { get(name: string): string | null }): { filters: ListFilters; key: string } {
  const filters: ListFilters = {};
  const status = params.get("status");
  if (status && STATUSES.has(status)) filters.status = status as ListFilters["status"];
  const from = params.get("from");
  if (from && DAY.test(from)) filters.from = from;
  const to = params.get("to");
  if (to && DAY.test(to)) filters.to = to;
  const sort = params.get("sort");
  if (sort === "relevance" || sort === "newest") filters.sort = sort;
  const key = new URLSearchParams(Object.entries(filters) as [string, string][]).toString();
  return { filters, key };
}

/** Documents per page: enough to fill a screen or two, small enough to answer fast. */
export const PAGE_SIZE = 50;

export function listQueryParams(query: ListQuery): { limit: number; cursor?: string } & ListFilters {
  const { cursor, limit, ...filters } = query;
  return { limit: limit ?? PAGE_SIZE, ...(cursor ? { cursor } : {}), ...filters };
}

/** A stable key for "the same list" (a new key starts paging over). */
export function listQueryKey(query: ListQuery): string {
  const { cursor: _cursor, ...rest } = query;
  return JSON.stringify(rest);
}
