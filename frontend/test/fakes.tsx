/** Test doubles: a fake API client, a fake SSE server and a fake Supabase Realtime client. */
import type { ReactNode } from "react";
import { vi } from "vitest";
import { AuthContext, type AuthContextValue } from "@/components/auth-provider";
import { ConfigProvider } from "@/components/config-provider";
import { DocumentsContext } from "@/components/documents-provider";
import { NoticesProvider } from "@/components/notices-provider";
import { UploadsProvider } from "@/components/uploads-provider";
import type { UseDocumentsResult } from "@/hooks/use-documents";
import type { ApiClient } from "@/lib/api/client";
import { createHttp } from "@/lib/api/http";
import type { DocumentPage, DocumentRow } from "@/lib/api/types";
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
    no_text: false,
    text_truncated: false,
    ...overrides,
  };
}

/** A one-page answer of `GET /api/documents`. */
export function page(rows: DocumentRow[], nextCursor: string | null = null, total = rows.length): DocumentPage {
  return { documents: rows, next_cursor: nextCursor, total };
}

export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  const getToken = vi.fn(async () => "test-token");
  return {
    http: createHttp({ baseUrl: "http://api.test", getToken }),
    baseUrl: "http://api.test",
    getToken,
    listDocuments: vi.fn(async () => page([])),
    getDocument: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    getTimeline: vi.fn(async () => []),
    getConfig: vi.fn(async () => ({
      max_upload_bytes: 50 * 1024 * 1024,
      accepted_types: [
        { mime_type: "application/pdf", name: "PDF", extensions: [".pdf"] },
        { mime_type: "image/png", name: "PNG", extensions: [".png"] },
      ],
      accepted_types_text: "PDF or PNG",
      monthly_quota: 1000,
      used_this_month: 3,
      max_attempts: 4,
      ocr_languages: [
        { code: "en", name: "English" },
        { code: "de", name: "German" },
        { code: "fr", name: "French" },
      ],
    })),
    uploadFile: vi.fn(async (file: File) => ({ document_id: `id-${file.name}`, filename: file.name, status: "uploading" as const })),
    requestLocalToken: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    createApiToken: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    listApiTokens: vi.fn(async () => []),
    revokeApiToken: vi.fn(async () => undefined),
    retryOcr: vi.fn(async (id: string) => ({ document_id: id, filename: "x.pdf", status: "uploading" as const })),
    deleteDocument: vi.fn(async () => undefined),
    updateMetadata: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    keepDuplicate: vi.fn(async () => {
      throw new Error("not stubbed");
    }),
    exportDocuments: vi.fn(async (_filters, format) => ({ blob: new Blob(["x"]), name: `docstream.${format}` })),
    downloadText: vi.fn(async () => ({ blob: new Blob(["x"]), name: "document.md" })),
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
    notice: null,
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** A documents context holding `documents` as given (no feed); its actions are spies. */
export function fakeDocuments(documents: DocumentRow[] = []): UseDocumentsResult {
  return {
    documents,
    loading: false,
    isConnected: true,
    error: null,
    refresh: vi.fn(async () => undefined),
    total: documents.length,
    hasMore: false,
    loadingMore: false,
    loadMore: vi.fn(async () => undefined),
    applyRow: vi.fn(),
    forget: vi.fn(),
  };
}

/** The signed-in app's providers around `children`, over a fake API and a fixed document list. */
export function WithApp({ api, documents, children }: { api: ApiClient; documents?: UseDocumentsResult; children: ReactNode }) {
  return (
    <WithAuth api={api}>
      <ConfigProvider>
        <DocumentsContext.Provider value={documents ?? fakeDocuments()}>
          <NoticesProvider>
            <UploadsProvider>{children}</UploadsProvider>
          </NoticesProvider>
        </DocumentsContext.Provider>
      </ConfigProvider>
    </WithAuth>
  );
}

/** A stand-in for the API's SSE endpoint: each fetch is one connection the test can drive. */
export function fakeSseServer() {
  const encoder = new TextEncoder();
  const connections: {
    controller: ReadableStreamDefaultController<Uint8Array>;
    request: Request;
    /** The signal the client passed to fetch (aborted when it hangs up). */
    signal: AbortSignal;
  }[] = [];
  let status = 200;
  const refused: Request[] = [];
  const fetchImpl = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const { signal: initSignal, ...rest } = init ?? {};
    const request = input instanceof Request ? input : new Request(input, rest);
    const signal = initSignal ?? request.signal;
    if (status !== 200) {
      refused.push(request);
      return new Response(JSON.stringify({ detail: "Invalid token" }), { status });
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    signal.addEventListener("abort", () => {
      try {
        controller.error(new DOMException("aborted", "AbortError"));
      } catch {
        /* already closed */
      }
    });
    connections.push({ controller, request, signal });
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
    refused,
    /** Answer every later connection with this status (e.g. 401) and no stream. */
    answer(next: number) {
      status = next;
    },
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
