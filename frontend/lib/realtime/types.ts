import type { DocumentRow } from "@/lib/api/types";

/**
 * One change to a document, normalised from either transport (the API's SSE feed or Supabase
 * Realtime). `truncated` means the row was too large to ship: fetch it by id.
 */
export type DocumentChange =
  | { kind: "upsert"; row: DocumentRow }
  | { kind: "delete"; id: string; userId?: string }
  | { kind: "truncated"; id: string; userId?: string; deleted: boolean };

export interface FeedHandlers {
  onChange(change: DocumentChange): void;
  /** The transport is (again) subscribed: anything may have been missed, so re-fetch. */
  onSubscribed(): void;
  onDisconnected(reason?: string): void;
}

/** Starts listening; returns the function that stops it. */
export type DocumentFeed = (handlers: FeedHandlers) => () => void;

/** The payload both transports share (the SSE feed mirrors Supabase's postgres_changes). */
export interface ChangePayload {
  eventType?: "INSERT" | "UPDATE" | "DELETE";
  new?: Partial<DocumentRow> & { id?: string };
  old?: { id?: string; user_id?: string; status?: string };
  id?: string;
  user_id?: string;
  truncated?: boolean;
}

export function changeFromPayload(payload: ChangePayload): DocumentChange | null {
  const eventType = payload.eventType;
  if (!eventType) return null;
  if (payload.truncated) {
    const id = payload.id ?? payload.new?.id ?? payload.old?.id;
    if (!id) return null;
    return { kind: "truncated", id, userId: payload.user_id, deleted: eventType === "DELETE" };
  }
  if (eventType === "DELETE") {
    const id = payload.old?.id ?? payload.id;
    return id ? { kind: "delete", id, userId: payload.old?.user_id ?? payload.user_id } : null;
  }
  const row = payload.new;
  if (!row?.id || !row.updated_at) return null;
  return { kind: "upsert", row: row as DocumentRow };
}
