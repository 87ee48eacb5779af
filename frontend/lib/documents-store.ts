/**
 * The document list as a pure reducer, so the merge rules are easy to test:
 *
 * - a change never replaces a newer version of a row (events can arrive out of order, and a
 *   list fetched before an event can arrive after it);
 * - a deleted id stays deleted (a stale list must not bring it back);
 * - a fresh first page drops rows it does not contain, except rows the feed touched after the
 *   fetch started (the fetch may have run before their INSERT committed) and rows older than the
 *   page's last one (they belong to later pages, loaded with "Load more");
 * - `total` is the server's count, kept current by inserts and deletes from the feed.
 */
import type { DocumentRow } from "@/lib/api/types";
import { isOlder, timestampMicros } from "@/lib/timestamps";

export interface DocumentsState {
  byId: Record<string, DocumentRow>;
  /** Feed sequence number of the last change applied to each id. */
  touchedAt: Record<string, number>;
  deleted: Record<string, true>;
  seq: number;
  loaded: boolean;
  /** All of the user's documents, loaded or not; null until the first page arrives. */
  total: number | null;
  /** The cursor of the next page not loaded yet; null when everything is loaded. */
  nextCursor: string | null;
}

export type DocumentsAction =
  | { type: "upsert"; row: DocumentRow; inserted?: boolean }
  | { type: "delete"; id: string }
  | { type: "snapshot"; rows: DocumentRow[]; startedAtSeq: number; nextCursor?: string | null; total?: number }
  | { type: "page"; rows: DocumentRow[]; nextCursor: string | null; total: number }
  | { type: "reset" };

export const initialDocumentsState: DocumentsState = {
  byId: {},
  touchedAt: {},
  deleted: {},
  seq: 0,
  loaded: false,
  total: null,
  nextCursor: null,
};

function mergeRow(current: DocumentRow | undefined, incoming: DocumentRow): DocumentRow | null {
  if (current && isOlder(incoming.updated_at, current.updated_at)) return null;
  return current ? { ...current, ...incoming } : incoming;
}

/** Newest first: the API's order, on (created_at, id). Negative when `a` comes first. */
export function compareNewestFirst(a: DocumentRow, b: DocumentRow): number {
  return timestampMicros(b.created_at) - timestampMicros(a.created_at) || b.id.localeCompare(a.id);
}

function mergeRows(state: DocumentsState, byId: Record<string, DocumentRow>, rows: DocumentRow[]) {
  for (const row of rows) {
    if (state.deleted[row.id]) continue;
    const current = byId[row.id] ?? state.byId[row.id];
    byId[row.id] = mergeRow(current, row) ?? current ?? row;
  }
}

export function documentsReducer(state: DocumentsState, action: DocumentsAction): DocumentsState {
  switch (action.type) {
    case "upsert": {
      const { row } = action;
      if (state.deleted[row.id]) return state;
      const isNew = !state.byId[row.id];
      const merged = mergeRow(state.byId[row.id], row);
      if (!merged) return state;
      const seq = state.seq + 1;
      const total = action.inserted && isNew && state.total !== null ? state.total + 1 : state.total;
      return {
        ...state,
        seq,
        total,
        byId: { ...state.byId, [row.id]: merged },
        touchedAt: { ...state.touchedAt, [row.id]: seq },
      };
    }
    case "delete": {
      if (state.deleted[action.id]) return state;
      const seq = state.seq + 1;
      const { [action.id]: _removed, ...byId } = state.byId;
      return {
        ...state,
        seq,
        byId,
        total: state.total === null ? null : Math.max(0, state.total - 1),
        deleted: { ...state.deleted, [action.id]: true },
        touchedAt: { ...state.touchedAt, [action.id]: seq },
      };
    }
    case "snapshot": {
      const nextCursor = action.nextCursor ?? null;
      const last = action.rows.at(-1);
      const byId: Record<string, DocumentRow> = {};
      for (const [id, row] of Object.entries(state.byId)) {
        const touchedSince = (state.touchedAt[id] ?? 0) > action.startedAtSeq;
        const beyondThisPage = nextCursor !== null && last !== undefined && compareNewestFirst(row, last) > 0;
        if (touchedSince || beyondThisPage) byId[id] = row;
      }
      mergeRows(state, byId, action.rows);
      // Pages loaded further down stay loaded (their rows were kept above): keep paging from
      // where it had got to, not from this page's end.
      const cursor = nextCursor === null || !state.loaded ? nextCursor : state.nextCursor;
      return { ...state, byId, loaded: true, total: action.total ?? action.rows.length, nextCursor: cursor };
    }
    case "page": {
      const byId = { ...state.byId };
      mergeRows(state, byId, action.rows);
      return { ...state, byId, nextCursor: action.nextCursor, total: action.total };
    }
    case "reset":
      return initialDocumentsState;
  }
}

/** Newest first, the order the API lists them in. */
export function sortedDocuments(state: DocumentsState): DocumentRow[] {
  return Object.values(state.byId).sort(compareNewestFirst);
}
