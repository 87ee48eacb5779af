/**
 * The list's query, in one place: what `GET /api/documents` (and its export) is asked for. The
 * live list, search and export all pass a `ListQuery`; paging adds `cursor` and `limit`. A new
 * filter of the API (type, correspondent, date_from/date_to…) is one field here: the check below
 * fails to compile until `ListFilters` names exactly the filters the API's schema has.
 */
import type { DocumentStatus } from "@/lib/api/types";
import type { operations } from "@/lib/api/schema";

export interface ListFilters {
  /** Full-text query, web-search syntax; blank means no query. */
  q?: string;
  status?: DocumentStatus;
  tag?: string;
  /** Uploaded on or after / on or before (ISO 8601, UTC; the filter controls send a day, YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** The document's type, a fact (invoice, receipt, …). */
  type?: DocumentType;
  /** The sender, a fact: the whole name, case ignored. */
  correspondent?: string;
  /** Dated on or after / on or before: the document's own date, a fact (YYYY-MM-DD). */
  date_from?: string;
  date_to?: string;
  /** `relevance` ranks by the query (the API's default); `newest` is upload order;
   * `document_date` the document's own date (a fact), newest first, undated last. */
  sort?: "relevance" | "newest" | "document_date";
}

/** The filters the filter controls set and the URL keeps beside `?q=` and `?tag=`. */
export type UrlFilters = Pick<
  ListFilters,
  "status" | "from" | "to" | "type" | "correspondent" | "date_from" | "date_to" | "sort"
>;

export interface ListQuery extends ListFilters {
  /** Opaque, from the previous page's `next_cursor`. */
  cursor?: string | null;
  limit?: number;
}

type ApiListParams = NonNullable<operations["list_documents_api_documents_get"]["parameters"]["query"]>;
type ApiFilters = Omit<ApiListParams, "cursor" | "limit">;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
/** Compile-time: `ListFilters` has exactly the API's filters (add a new one here, then use it). */
export const LIST_FILTERS_MATCH_API: SameKeys<ListFilters, ApiFilters> = true;

/** Every status (a new one in the schema fails to compile until it is named here). */
const STATUSES: Record<DocumentStatus, true> = { uploading: true, processing: true, ocr_complete: true, failed: true };
const isStatus = (value: string): value is DocumentStatus => Object.hasOwn(STATUSES, value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type DocumentType = NonNullable<ApiListParams["type"]>;
/** Every type, as people read it (a new one in the schema fails to compile until it is named here). */
export const DOCUMENT_TYPES: Record<DocumentType, string> = {
  invoice: "Invoice",
  receipt: "Receipt",
  bank_statement: "Bank statement",
  payslip: "Payslip",
  tax: "Tax document",
  insurance: "Insurance",
  contract: "Contract",
  letter: "Letter",
  medical: "Medical",
  manual: "Manual",
  report: "Report",
  article: "Article",
  form: "Form",
  other: "Other",
};
const isType = (value: string): value is DocumentType => Object.hasOwn(DOCUMENT_TYPES, value);

/**
 * The status, date range, type, sender and order a URL's search params carry
 * (`?status=&from=&to=&type=&correspondent=&date_from=&date_to=&sort=`;
 * unknown values are left out), and a stable key for them (the same filters, the same key).
 */
export function listFiltersFrom(params: { get(name: string): string | null }): { filters: UrlFilters; key: string } {
  const filters: UrlFilters = {};
  const status = params.get("status");
  if (status && isStatus(status)) filters.status = status;
  const from = params.get("from");
  if (from && DAY.test(from)) filters.from = from;
  const to = params.get("to");
  if (to && DAY.test(to)) filters.to = to;
  const type = params.get("type");
  if (type && isType(type)) filters.type = type;
  const correspondent = params.get("correspondent")?.trim();
  if (correspondent) filters.correspondent = correspondent.slice(0, 200);
  const dateFrom = params.get("date_from");
  if (dateFrom && DAY.test(dateFrom)) filters.date_from = dateFrom;
  const dateTo = params.get("date_to");
  if (dateTo && DAY.test(dateTo)) filters.date_to = dateTo;
  const sort = params.get("sort");
  if (sort === "relevance" || sort === "newest" || sort === "document_date") filters.sort = sort;
  const key = new URLSearchParams(Object.entries(filters) as [string, string][]).toString();
  return { filters, key };
}

/** Documents per page: enough to fill a screen or two, small enough to answer fast. */
export const PAGE_SIZE = 50;
/** The API's largest `limit`. */
export const MAX_PAGE_SIZE = 200;

/** The filters as the API takes them: blank ones left out, the query trimmed. */
export function listFilterParams(query: ListFilters): ApiFilters {
  const params: ApiFilters = {};
  const q = query.q?.trim();
  if (q) params.q = q;
  if (query.status) params.status = query.status;
  if (query.tag) params.tag = query.tag;
  if (query.from) params.from = query.from;
  if (query.to) params.to = query.to;
  if (query.type) params.type = query.type;
  const correspondent = query.correspondent?.trim();
  if (correspondent) params.correspondent = correspondent;
  if (query.date_from) params.date_from = query.date_from;
  if (query.date_to) params.date_to = query.date_to;
  if (query.sort) params.sort = query.sort;
  return params;
}

export function listQueryParams(query: ListQuery): ApiListParams {
  return {
    ...listFilterParams(query),
    limit: query.limit ?? PAGE_SIZE,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}

/** A stable key for "the same list" (a new key starts paging over); paging fields are left out. */
export function listQueryKey(query: ListQuery): string {
  return JSON.stringify(listFilterParams(query));
}

/** Whether the query narrows or reorders the list (a search, a filter, the document-date
 * order) rather than showing everything newest first. */
export function isFiltered(query: ListFilters): boolean {
  const { sort, ...filters } = listFilterParams(query);
  // The live list is in upload order: another order is asked of the API like a filter.
  return Object.keys(filters).length > 0 || sort === "document_date";
}
