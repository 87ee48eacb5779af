/**
 * The document list as a pure reducer, so the merge rules are easy to test:
 *
 * - a change never replaces a newer version of a row (events can arrive out of order, and a
 *   list fetched before an event can arrive after it);
 * - a deleted id stays deleted (a stale list must not bring it back);
 * - a fresh list drops rows it does not contain, except rows the feed touched after the fetch
 *   started (the fetch may have run before their INSERT committed).
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
}

export type DocumentsAction =
  | { type: "upsert"; row: DocumentRow }
  | { type: "delete"; id: string }
  | { type: "snapshot"; rows: DocumentRow[]; startedAtSeq: number }
  | { type: "reset" };

export const initialDocumentsState: DocumentsState = {
  byId: {},
  touchedAt: {},
  deleted: {},
  seq: 0,
  loaded: false,
};

function mergeRow(current: DocumentRow | undefined, incoming: DocumentRow): DocumentRow | null {
  if (current && isOlder(incoming.updated_at, current.updated_at)) return null;
  return current ? { ...current, ...incoming } : incoming;
}

export function documentsReducer(state: DocumentsState, action: DocumentsAction): DocumentsState {
  switch (action.type) {
    case "upsert": {
      const { row } = action;
      if (state.deleted[row.id]) return state;
      const merged = mergeRow(state.byId[row.id], row);
      if (!merged) return state;
      const seq = state.seq + 1;
      return {
        ...state,
        seq,
        byId: { ...state.byId, [row.id]: merged },
        touchedAt: { ...state.touchedAt, [row.id]: seq },
      };
    }
    case "delete": {
      const seq = state.seq + 1;
      const { [action.id]: _removed, ...byId } = state.byId;
      return {
        ...state,
        seq,
        byId,
        deleted: { ...state.deleted, [action.id]: true },
        touchedAt: { ...state.touchedAt, [action.id]: seq },
      };
    }
    case "snapshot": {
      const byId: Record<string, DocumentRow> = {};
      for (const [id, row] of Object.entries(state.byId)) {
        if ((state.touchedAt[id] ?? 0) > action.startedAtSeq) byId[id] = row;
      }
      for (const row of action.rows) {
        if (state.deleted[row.id]) continue;
        const merged = mergeRow(byId[row.id] ?? state.byId[row.id], row);
        byId[row.id] = merged ?? byId[row.id] ?? state.byId[row.id] ?? row;
      }
      return { ...state, byId, loaded: true };
    }
    case "reset":
      return initialDocumentsState;
  }
}

/** Newest first, the order the API lists them in. */
export function sortedDocuments(state: DocumentsState): DocumentRow[] {
  return Object.values(state.byId).sort(
    (a, b) =>
      timestampMicros(b.created_at) - timestampMicros(a.created_at) || b.id.localeCompare(a.id),
  );
}
