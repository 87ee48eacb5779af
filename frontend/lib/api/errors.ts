/** An API answer that was not a success, with the server's human-readable `detail`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** Reads `{"detail": ...}` from an error response; FastAPI validation errors carry a list. */
export function detailFromBody(status: number, body: unknown): string {
  if (body && typeof body === "object" && "detail" in body) {
    const detail = (body as { detail: unknown }).detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail) && detail[0] && typeof detail[0] === "object" && "msg" in detail[0]) {
      return String((detail[0] as { msg: unknown }).msg);
    }
  }
  return fallbackDetail(status);
}

export function fallbackDetail(status: number): string {
  if (status === 0) return "Could not reach the server. Check your connection.";
  if (status === 401) return "Your session has expired; sign in again.";
  if (status === 403) return "Not allowed.";
  if (status === 404) return "Not found.";
  if (status === 413) return "The file is too large.";
  if (status === 415) return "This file type is not supported.";
  return `The server answered ${status}.`;
}

/** What to tell a person about a failure: the API's own words, or `fallback` for anything else. */
export function errorText(caught: unknown, fallback: string): string {
  return caught instanceof ApiError ? caught.detail : fallback;
}
