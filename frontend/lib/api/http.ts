/**
 * The one request core. Every way the browser talks to the API goes through here: plain fetch
 * (JSON, blobs), the XHR upload (only XHR reports upload progress) and the SSE streams (fetch
 * with a readable body, because EventSource cannot send an Authorization header). So they share
 * the base URL, the bearer token, one error type (`ApiError`) and one 401 policy: the first 401
 * calls `onUnauthorized` (the app signs out and says why); later ones in the same session don't.
 */
import { ApiError, detailFromBody } from "./errors";

export type TokenSource = () => Promise<string | null>;

export interface HttpOptions {
  baseUrl: string;
  getToken: TokenSource;
  /** Called once per signed-in session, on the first 401 from any path. */
  onUnauthorized?: (detail: string) => void;
  fetchImpl?: typeof fetch;
}

export interface UploadProgress {
  onProgress: (fraction: number) => void;
  /** The last byte left the browser: what happens now is the server's work. */
  onSent?: () => void;
  signal?: AbortSignal;
}

export interface HttpCore {
  baseUrl: string;
  getToken: TokenSource;
  /** A `fetch` with the token added; throws `ApiError` for any non-2xx answer or network failure. */
  send(input: Request | string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** POST multipart form data with upload progress; resolves with the parsed JSON body. */
  upload(path: string, form: FormData, progress: UploadProgress): Promise<unknown>;
  /** A new session starts (after sign-in): the next 401 is reported again. */
  resetUnauthorized(): void;
}

export function createHttp(options: HttpOptions): HttpCore {
  const doFetch = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  let reported = false;

  const fail = (status: number, body: unknown): ApiError => {
    const error = new ApiError(status, detailFromBody(status, body));
    if (status === 401 && !reported) {
      reported = true;
      options.onUnauthorized?.(error.detail);
    }
    return error;
  };

  const url = (path: string) => (/^https?:/.test(path) ? path : `${options.baseUrl}${path}`);

  return {
    baseUrl: options.baseUrl,
    getToken: options.getToken,
    resetUnauthorized: () => {
      reported = false;
    },
    async send(input, init = {}) {
      // The signal goes to fetch, not into the Request: Node's Request accepts only its own
      // AbortSignal class, and test environments (jsdom) bring another.
      const { auth = true, signal, ...rest } = init;
      const request = typeof input === "string" ? new Request(url(input), rest) : new Request(input, rest);
      if (auth) {
        const token = await options.getToken();
        if (token) request.headers.set("Authorization", `Bearer ${token}`);
      }
      let response: Response;
      try {
        response = await doFetch(request, signal ? { signal } : undefined);
      } catch (error) {
        if (error instanceof Error && error.name === "AbortError") throw error;
        throw new ApiError(0, detailFromBody(0, null));
      }
      if (!response.ok) throw fail(response.status, await response.json().catch(() => null));
      return response;
    },
    async upload(path, form, progress) {
      const token = await options.getToken();
      return new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url(path));
        if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
        xhr.responseType = "text";
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable && event.total > 0) progress.onProgress(event.loaded / event.total);
        };
        xhr.upload.onload = () => progress.onSent?.();
        xhr.onload = () => {
          const body = parseJson(xhr.responseText);
          if (xhr.status >= 200 && xhr.status < 300) resolve(body);
          else reject(fail(xhr.status, body));
        };
        xhr.onerror = () => reject(new ApiError(0, detailFromBody(0, null)));
        xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
        progress.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
        xhr.send(form);
      });
    },
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
