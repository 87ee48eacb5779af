/**
 * Uploads go through XMLHttpRequest, not fetch, because only XHR reports upload progress.
 */
import { ApiError, detailFromBody } from "./errors";
import type { UploadAccepted } from "./types";

export interface UploadOptions {
  baseUrl: string;
  token: string | null;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

export function uploadFile(file: File, options: UploadOptions): Promise<UploadAccepted> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${options.baseUrl}/api/document/upload`);
    if (options.token) xhr.setRequestHeader("Authorization", `Bearer ${options.token}`);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress(1);
        resolve(body as UploadAccepted);
      } else {
        reject(new ApiError(xhr.status, detailFromBody(xhr.status, body)));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, detailFromBody(0, null)));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
