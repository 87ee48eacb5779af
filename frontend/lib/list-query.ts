/**
 * The list's query, in one place: what `GET /api/documents` is asked for. Search and filters
 * add their fields here (and to `listQueryParams`); paging and the hooks pass it through as is.
 */
export interface ListQuery {
  /** Opaque, from the previous page's `next_cursor`. */
  cursor?: string | null;
  limit?: number;
}

/** Documents per page: enough to fill a screen or two, small enough to answer fast. */
export const PAGE_SIZE = 50;

export function listQueryParams(query: ListQuery): { limit: number; cursor?: string } {
  return { limit: query.limit ?? PAGE_SIZE, ...(query.cursor ? { cursor: query.cursor } : {}) };
}

/** A stable key for "the same list" (a new key starts paging over). */
export function listQueryKey(query: ListQuery): string {
  const { cursor: _cursor, ...rest } = query;
  return JSON.stringify(rest);
}
