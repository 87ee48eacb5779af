import type { ChangedRow, DocumentChangeEvent, DocumentRow } from "@/lib/api/types";

/**
 * One change to a document, normalised from either transport (the API's SSE feed or Supabase
 * Realtime). `truncated` means the row was too large to ship: fetch it by id.
 */
export type DocumentChange =
  | { kind: "upsert"; row: DocumentRow; inserted: boolean }
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

/**
 * The payload both transports share: the API's `DocumentChangeEvent` (generated from its
 * OpenAPI schema), which mirrors Supabase's postgres_changes; Supabase may mark a row too large
 * to ship as `truncated`.
 */
export type ChangePayload = Partial<DocumentChangeEvent> & { id?: string; user_id?: string; truncated?: boolean };

const REQUIRED: (keyof DocumentRow)[] = [
  "id", "filename", "mime_type", "file_size_bytes", "status", "pages_done", "tags",
  "metadata_status", "retry_count", "created_at", "updated_at",
];

/** A feed row carries every column on INSERT and UPDATE; anything less is not shown as a card. */
export function isCompleteRow(row: ChangedRow | undefined): row is DocumentRow {
  return !!row && REQUIRED.every((key) => row[key] !== undefined && row[key] !== null);
}

export function changeFromPayload(payload: ChangePayload): DocumentChange | null {
  const eventType = payload.eventType;
  if (!eventType) return null;
  const userId = payload.old?.user_id ?? payload.user_id ?? undefined;
  if (payload.truncated) {
    const id = payload.id ?? payload.new?.id ?? payload.old?.id;
    if (!id) return null;
    return { kind: "truncated", id, userId: payload.user_id, deleted: eventType === "DELETE" };
  }
  if (eventType === "DELETE") {
    const id = payload.old?.id ?? payload.id;
    return id ? { kind: "delete", id, userId } : null;
  }
  const row = payload.new;
  if (!isCompleteRow(row)) return null;
  return { kind: "upsert", row, inserted: eventType === "INSERT" };
}

/** Parses an SSE `change` event's data without trusting its shape. */
export function parseChangePayload(data: unknown): ChangePayload | null {
  if (typeof data !== "object" || data === null || !("eventType" in data)) return null;
  const { eventType } = data;
  if (eventType !== "INSERT" && eventType !== "UPDATE" && eventType !== "DELETE") return null;
  const record = (key: string): ChangedRow | undefined => {
    const value: unknown = key in data ? Reflect.get(data, key) : undefined;
    return typeof value === "object" && value !== null ? value : undefined;
  };
  const text = (key: string): string | undefined => {
    const value: unknown = key in data ? Reflect.get(data, key) : undefined;
    return typeof value === "string" ? value : undefined;
  };
  const truncated = "truncated" in data && data.truncated === true;
  return { eventType, new: record("new") ?? {}, old: record("old") ?? {}, id: text("id"), user_id: text("user_id"), truncated };
}
