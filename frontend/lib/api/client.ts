/**
 * The browser's only way to the backend. Every call carries the user's bearer token, from either
 * auth mode, so the rest of the app never knows which mode it runs in.
 */
import { apiUrl } from "@/lib/config";
import { readSseStream } from "@/lib/sse";
import { ApiError, detailFromBody } from "./errors";
import type { DocumentDetail, DocumentRow, LocalToken, UploadAccepted } from "./types";

export type TokenSource = () => Promise<string | null>;

export type MetadataStreamEvent =
  | { type: "status"; message: string }
  | { type: "tool"; tool: string }
  | { type: "text"; text: string }
  | { type: "complete"; metadata: { display_name: string; tags: string[]; summary: string } }
  | { type: "error"; message: string };

export interface ApiClient {
  baseUrl: string;
  getToken: TokenSource;
  listDocuments(): Promise<DocumentRow[]>;
  getDocument(id: string): Promise<DocumentDetail>;
  retryOcr(id: string): Promise<UploadAccepted>;
  deleteDocument(id: string): Promise<void>;
  fetchBlob(path: string): Promise<Blob>;
  regenerateMetadata(
    id: string,
    onEvent: (event: MetadataStreamEvent) => void,
    signal?: AbortSignal,
    /** Also replace fields the person edited (ask them first); otherwise those are kept. */
    replaceEdited?: boolean,
  ): Promise<void>;
}

/** Newest first, as many as a person plausibly has on one page. */
const LIST_LIMIT = 200;

export function createApiClient(
  getToken: TokenSource,
  options: { baseUrl?: string; fetchImpl?: typeof fetch; onUnauthorized?: () => void } = {},
): ApiClient {
  const baseUrl = options.baseUrl ?? apiUrl;
  const doFetch = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const token = await getToken();
    const headers = new Headers(init.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, { ...init, headers });
    } catch (error) {
      if ((error as Error).name === "AbortError") throw error;
      throw new ApiError(0, detailFromBody(0, null));
    }
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized?.();
      const body: unknown = await response.json().catch(() => null);
      throw new ApiError(response.status, detailFromBody(response.status, body));
    }
    return response;
  }

  const json = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await (await send(path, init)).json()) as T;

  return {
    baseUrl,
    getToken,
    async listDocuments() {
      const body = await json<{ documents: DocumentRow[] }>(`/api/documents?limit=${LIST_LIMIT}`);
      return body.documents;
    },
    getDocument: (id) => json<DocumentDetail>(`/api/documents/${encodeURIComponent(id)}`),
    retryOcr(id) {
      const form = new FormData();
      form.set("document_id", id);
      return json<UploadAccepted>("/api/document/retry-ocr", { method: "POST", body: form });
    },
    async deleteDocument(id) {
      await send(`/api/documents/${encodeURIComponent(id)}`, { method: "DELETE" });
    },
    async fetchBlob(path) {
      return (await send(path)).blob();
    },
    async regenerateMetadata(id, onEvent, signal, replaceEdited = false) {
      const response = await send("/api/document/metadata", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ document_id: id, replace_edited: replaceEdited }),
        signal,
      });
      if (!response.body) throw new ApiError(response.status, "The server sent no stream.");
      let ended = false;
      await readSseStream(response.body, ({ event, data }) => {
        const payload = safeJson(data);
        const parsed = { type: event, ...payload } as MetadataStreamEvent;
        if (event === "complete" || event === "error") ended = true;
        onEvent(parsed);
      });
      if (!ended) onEvent({ type: "error", message: "The stream ended before the agent finished." });
    },
  };
}

function safeJson(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Local mode only: trade an email for an API-minted token. */
export async function requestLocalToken(email: string, baseUrl = apiUrl): Promise<LocalToken> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/auth/local-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email }),
    });
  } catch {
    throw new ApiError(0, detailFromBody(0, null));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, detailFromBody(response.status, body));
  return body as LocalToken;
}
