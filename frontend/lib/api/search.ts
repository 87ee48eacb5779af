/**
 * Search, metadata edits, duplicates and exports. Kept apart from `client.ts` (the list and
 * upload calls) so each can change on its own; it goes through the same `ApiClient` token.
 */
import { ApiError, detailFromBody } from "./errors";
import type { ApiClient } from "./client";
import type { components } from "./schema";
import type { ListFilters } from "../list-query";
import type { DocumentRow } from "./types";

type Schemas = components["schemas"];
export type ListedDocument = Schemas["ListedDocument"];
export type SnippetPart = Schemas["SnippetPart"];
export type MetadataEdit = Schemas["MetadataEdit"];

export interface SearchParams extends ListFilters {
  q?: string;
  tag?: string;
}

export interface SearchPage {
  documents: ListedDocument[];
  next_cursor: string | null;
  total: number;
}

export function searchQuery(params: SearchParams): URLSearchParams {
  const query = new URLSearchParams();
  if (params.q?.trim()) query.set("q", params.q.trim());
  if (params.tag) query.set("tag", params.tag);
  if (params.status) query.set("status", params.status);
  if (params.from) query.set("from", params.from);
  if (params.to) query.set("to", params.to);
  if (params.sort) query.set("sort", params.sort);
  return query;
}

async function send(api: ApiClient, path: string, init: RequestInit = {}): Promise<Response> {
  const token = await api.getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(`${api.baseUrl}${path}`, { ...init, headers });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, detailFromBody(0, null));
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, detailFromBody(response.status, body));
  }
  return response;
}

export async function searchDocuments(
  api: ApiClient,
  params: SearchParams,
  options: { cursor?: string; limit?: number; signal?: AbortSignal } = {},
): Promise<SearchPage> {
  const query = searchQuery(params);
  query.set("limit", String(options.limit ?? 50));
  if (options.cursor) query.set("cursor", options.cursor);
  const response = await send(api, `/api/documents?${query}`, { signal: options.signal });
  return (await response.json()) as SearchPage;
}

export async function updateMetadata(api: ApiClient, id: string, changes: MetadataEdit): Promise<DocumentRow> {
  const response = await send(api, `/api/documents/${encodeURIComponent(id)}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(changes),
  });
  return (await response.json()) as DocumentRow;
}

export async function keepDuplicate(api: ApiClient, id: string): Promise<DocumentRow> {
  const response = await send(api, `/api/documents/${encodeURIComponent(id)}/keep`, { method: "POST" });
  return (await response.json()) as DocumentRow;
}

/** Fetch with the bearer token, then hand the file to the browser as a download. */
async function download(api: ApiClient, path: string, fallbackName: string): Promise<void> {
  const response = await send(api, path);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportResults(api: ApiClient, params: SearchParams, format: "csv" | "json"): Promise<void> {
  const query = searchQuery(params);
  query.set("format", format);
  return download(api, `/api/documents/export?${query}`, `docstream.${format}`);
}

export function downloadText(api: ApiClient, id: string, format: "markdown" | "text"): Promise<void> {
  return download(
    api,
    `/api/documents/${encodeURIComponent(id)}/text?format=${format}`,
    format === "markdown" ? "document.md" : "document.txt",
  );
}
