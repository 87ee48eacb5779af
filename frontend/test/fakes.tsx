/** Test doubles: a fake API client, a fake SSE server and a fake Supabase Realtime client. */
import type { ReactNode } from "react";
import { vi } from "vitest";
import { AuthContext, type AuthContextValue } from "@/components/auth-provider";
import type { ApiClient } from "@/lib/api/client";
import type { DocumentRow } from "@/lib/api/types";
import type { RealtimeClient } from "@/lib/realtime/supabase-feed";

export const USER_ID = "11111111-1111-1111-1111-111111111111";
export const OTHER_USER_ID = "22222222-2222-2222-2222-222222222222";

let counter = 0;
export function makeDoc(overrides: Partial<DocumentRow> = {}): DocumentRow {
  counter += 1;
  return {
    id: `doc-${counter}`,
    filename: `file-${counter}.pdf`,
    mime_type: "application/pdf",
    file_size_bytes: 2048,
    status: "uploading",
    page_count: null,
    pages_done: 0,
    display_name: null,
    tags: [],
    summary: null,
    metadata_status: "pending",
    metadata_error: null,
    error_code: null,
    error_message: null,
    retry_count: 0,
    created_at: `2026-01-01T10:00:${String(counter % 60).padStart(2, "0")}.000000+00:00`,
    updated_at: "2026-01-01T10:00:00.000001+00:00",
    duplicate_of: null,
    edited_fields: [],
    ...overrides,
  };
}

export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    baseUrl: "http://api.test",
    getToken: vi.fn(async () => "test-token"),
    listDocuments: vi.fn(async () => []),
    getDocument: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    retryOcr: vi.fn(async (id: string) => ({ document_id: id, filename: "x.pdf", status: "uploading" as const })),
    deleteDocument: vi.fn(async () => undefined),
    fetchBlob: vi.fn(async () => new Blob(["x"])),
    regenerateMetadata: vi.fn(async () => undefined),
    ...overrides,
  };
}

export function WithAuth({ api, children }: { api: ApiClient; children: ReactNode }) {
  const value: AuthContextValue = {
    status: "signed-in",
    user: { id: USER_ID, email: "ada@example.com" },
    mode: "local",
    getToken: api.getToken,
    api,
    supabase: null,
    signInLocal: vi.fn(),
    signOut: vi.fn(),
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** A stand-in for the API's SSE endpoint: each fetch is one connection the test can drive. */
export function fakeSseServer() {
  const encoder = new TextEncoder();
  const connections: { controller: ReadableStreamDefaultController<Uint8Array>; init?: RequestInit }[] = [];
  const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    init?.signal?.addEventListener("abort", () => {
      try {
        controller.error(new DOMException("aborted", "AbortError"));
      } catch {
        /* already closed */
      }
    });
    connections.push({ controller, init });
    return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
  });
  const latest = () => {
    const connection = connections.at(-1);
    if (!connection) throw new Error("no connection yet");
    return connection;
  };
  return {
    fetchImpl: fetchImpl as unknown as typeof fetch,
    connections,
    send(event: string, data: unknown) {
      latest().controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    },
    ping() {
      latest().controller.enqueue(encoder.encode(": ping\n\n"));
    },
    /** The server drops the connection (deploy, network blip). */
    drop() {
      latest().controller.close();
    },
  };
}

type ChangeCallback = (payload: unknown) => void;
type StatusCallback = (status: string, error?: Error) => void;

/** A stand-in for supabase-js's Realtime surface: channels whose events the test emits. */
export function fakeRealtime() {
  const channels: {
    name: string;
    filter?: Record<string, string>;
    onChange?: ChangeCallback;
    onStatus?: StatusCallback;
    removed: boolean;
  }[] = [];
  const setAuth = vi.fn(async () => undefined);
  const client = {
    realtime: { setAuth },
    channel(name: string) {
      const entry: (typeof channels)[number] = { name, removed: false };
      channels.push(entry);
      const channel = {
        on(_type: string, filter: Record<string, string>, callback: ChangeCallback) {
          entry.filter = filter;
          entry.onChange = callback;
          return channel;
        },
        subscribe(callback: StatusCallback) {
          entry.onStatus = callback;
          return channel;
        },
        _entry: entry,
      };
      return channel;
    },
    removeChannel: vi.fn(async (channel: { _entry: (typeof channels)[number] }) => {
      channel._entry.removed = true;
      return "ok";
    }),
  };
  const current = () => {
    const channel = channels.at(-1);
    if (!channel) throw new Error("no channel yet");
    return channel;
  };
  return {
    client: client as unknown as RealtimeClient,
    setAuth,
    channels,
    status: (status: string) => current().onStatus?.(status),
    emit: (payload: unknown) => current().onChange?.(payload),
  };
}
