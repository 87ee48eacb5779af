/**
 * The API, typed by the generated OpenAPI schema: every call of the web app is a method here.
 * JSON calls and file downloads go through openapi-fetch (its answers carry the schema's types,
 * no casts); the upload and the Regenerate stream go straight to the request core (`http.ts`).
 * openapi-fetch's `fetch` is the core's `send` too, so all of them share the token, the error
 * type and the 401 policy (an expired session signs out, with a message).
 */
import createClient from "openapi-fetch";
import { apiUrl } from "@/lib/config";
import { type ListFilters, type ListQuery, listFilterParams, listQueryParams } from "@/lib/list-query";
import { readSseStream } from "@/lib/sse";
import { ApiError } from "./errors";
import { createHttp, type HttpCore, type HttpOptions, parseJson, type TokenSource } from "./http";
import type { paths } from "./schema";
import type {
  ApiTokenCreated,
  ApiTokenInfo,
  ClientConfig,
  DocumentDetail,
  DocumentPage,
  DocumentRow,
  LocalToken,
  MetadataEdit,
  MetadataStreamEvent,
  TimelineEntry,
  UploadAccepted,
} from "./types";

export type { TokenSource } from "./http";

/** A file the API sent, with the name it suggested (Content-Disposition). */
export interface DownloadedFile {
  blob: Blob;
  name: string;
}

export interface ApiClient {
  http: HttpCore;
  baseUrl: string;
  getToken: TokenSource;
  /** The live list and search alike: one page of the documents matching the query. */
  listDocuments(query: ListQuery, signal?: AbortSignal): Promise<DocumentPage>;
  getDocument(id: string): Promise<DocumentDetail>;
  getTimeline(id: string): Promise<TimelineEntry[]>;
  getConfig(): Promise<ClientConfig>;
  /** Process again; with `language` (an ISO code from the config's `ocr_languages`), every
   * scanned page is read again in it, a processed document too. */
  retryOcr(id: string, language?: string | null): Promise<UploadAccepted>;
  deleteDocument(id: string): Promise<void>;
  updateMetadata(id: string, changes: MetadataEdit): Promise<DocumentRow>;
  /** A duplicate upload becomes a document of its own. */
  keepDuplicate(id: string): Promise<DocumentRow>;
  /** Every document matching the filters, as one CSV or JSON file. */
  exportDocuments(filters: ListFilters, format: "csv" | "json"): Promise<DownloadedFile>;
  /** The document's OCR text as Markdown (as extracted) or plain text. */
  downloadText(id: string, format: "markdown" | "text"): Promise<DownloadedFile>;
  fetchBlob(path: string): Promise<Blob>;
  uploadFile(file: File, progress: Parameters<HttpCore["upload"]>[2]): Promise<UploadAccepted>;
  regenerateMetadata(
    id: string,
    onEvent: (event: MetadataStreamEvent) => void,
    signal?: AbortSignal,
    /** Also replace fields the person edited (ask them first); otherwise those are kept. */
    replaceEdited?: boolean,
  ): Promise<void>;
  requestLocalToken(email: string): Promise<LocalToken>;
  /** Personal API tokens: the new one's secret is in this answer only. */
  createApiToken(name: string): Promise<ApiTokenCreated>;
  listApiTokens(): Promise<ApiTokenInfo[]>;
  revokeApiToken(id: string): Promise<void>;
}

/** openapi-fetch answers `{data}` or `{error}`; the core already threw for errors. */
function must<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new ApiError(502, "The server sent an empty answer.");
  return result.data;
}

function downloaded(result: { data?: Blob; response: Response }, fallbackName: string): DownloadedFile {
  const disposition = result.response.headers.get("Content-Disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: must(result), name };
}

export function createApiClient(getToken: TokenSource, options: Partial<Omit<HttpOptions, "getToken">> = {}): ApiClient {
  const http = createHttp({ baseUrl: options.baseUrl ?? apiUrl, getToken, ...options });
  const api = createClient<paths>({ baseUrl: http.baseUrl, fetch: (request) => http.send(request) });
  const id = (value: string) => ({ params: { path: { document_id: value } } });

  return {
    http,
    baseUrl: http.baseUrl,
    getToken,
    listDocuments: async (query, signal) =>
      must(
        await api.GET("/api/documents", {
          params: { query: listQueryParams(query) },
          // The signal goes to the core's fetch, not into openapi-fetch's Request (see http.ts).
          fetch: (request: Request) => http.send(request, { signal }),
        }),
      ),
    getDocument: async (doc) => must(await api.GET("/api/documents/{document_id}", id(doc))),
    getTimeline: async (doc) => must(await api.GET("/api/documents/{document_id}/events", id(doc))),
    getConfig: async () => must(await api.GET("/api/config")),
    retryOcr: async (doc, language) =>
      must(
        await api.POST("/api/document/retry-ocr", {
          body: language ? { document_id: doc, language } : { document_id: doc },
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    async deleteDocument(doc) {
      await api.DELETE("/api/documents/{document_id}", id(doc));
    },
    updateMetadata: async (doc, changes) =>
      must(await api.PATCH("/api/documents/{document_id}", { ...id(doc), body: changes })),
    keepDuplicate: async (doc) => must(await api.POST("/api/documents/{document_id}/keep", id(doc))),
    exportDocuments: async (filters, format) =>
      downloaded(
        await api.GET("/api/documents/export", {
          params: { query: { ...listFilterParams(filters), format } },
          parseAs: "blob",
        }),
        `docstream.${format}`,
      ),
    downloadText: async (doc, format) =>
      downloaded(
        await api.GET("/api/documents/{document_id}/text", {
          params: { path: { document_id: doc }, query: { format } },
          parseAs: "blob",
        }),
        format === "markdown" ? "document.md" : "document.txt",
      ),
    fetchBlob: async (path) => (await http.send(path)).blob(),
    async uploadFile(file, progress) {
      const form = new FormData();
      form.append("file", file, file.name);
      const body = await http.upload("/api/document/upload", form, progress);
      if (!isUploadAccepted(body)) throw new ApiError(502, "The server's answer to the upload was not understood.");
      return body;
    },
    async regenerateMetadata(doc, onEvent, signal, replaceEdited = false) {
      const response = await http.send("/api/document/metadata", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ document_id: doc, replace_edited: replaceEdited }),
        signal,
      });
      if (!response.body) throw new ApiError(response.status, "The server sent no stream.");
      let ended = false;
      await readSseStream(response.body, ({ event, data }) => {
        const parsed = metadataEvent(event, parseJson(data));
        if (!parsed) return;
        if (parsed.type === "complete" || parsed.type === "error") ended = true;
        onEvent(parsed);
      });
      if (!ended) onEvent({ type: "error", message: "The stream ended before the work finished." });
    },
    requestLocalToken: async (email) => must(await api.POST("/api/auth/local-token", { body: { email } })),
    createApiToken: async (name) => must(await api.POST("/api/tokens", { body: { name } })),
    listApiTokens: async () => must(await api.GET("/api/tokens")),
    async revokeApiToken(token) {
      await api.DELETE("/api/tokens/{token_id}", { params: { path: { token_id: token } } });
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isUploadAccepted(value: unknown): value is UploadAccepted {
  return isRecord(value) && typeof value.document_id === "string" && typeof value.status === "string";
}

/** The SSE `event:` name is the event's `type`; `data:` holds the rest. Unknown events are skipped. */
export function metadataEvent(event: string, data: unknown): MetadataStreamEvent | null {
  const body = isRecord(data) ? data : {};
  const text = (key: string) => (typeof body[key] === "string" ? String(body[key]) : null);
  switch (event) {
    case "status": {
      const message = text("message");
      return message === null ? null : { type: "status", message };
    }
    case "tool": {
      const tool = text("tool");
      return tool === null ? null : { type: "tool", tool };
    }
    case "text": {
      const value = text("text");
      return value === null ? null : { type: "text", text: value };
    }
    case "error":
      return { type: "error", message: text("message") ?? "Something went wrong." };
    case "complete": {
      const m = isRecord(body.metadata) ? body.metadata : {};
      const tags = Array.isArray(m.tags) ? m.tags.filter((tag): tag is string => typeof tag === "string") : [];
      if (typeof m.display_name !== "string" || typeof m.summary !== "string") return null;
      return { type: "complete", metadata: { display_name: m.display_name, summary: m.summary, tags } };
    }
    default:
      return null;
  }
}
