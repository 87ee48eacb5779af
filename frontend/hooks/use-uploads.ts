"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { uploadFile } from "@/lib/api/upload";
import { uploadProblem } from "@/lib/upload-rules";

export interface UploadItem {
  localId: string;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  phase: "sending" | "accepted" | "rejected";
  error?: string;
  /** Set once the API acknowledged the upload; the document card takes over from then on. */
  documentId?: string;
}

let nextLocalId = 0;

/** Files on their way to the API, each with its own progress and its own error. */
export function useUploads(api: ApiClient) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  useEffect(() => {
    const active = controllers.current;
    return () => active.forEach((controller) => controller.abort());
  }, []);

  const update = useCallback((localId: string, patch: Partial<UploadItem>) => {
    setItems((previous) => previous.map((item) => (item.localId === localId ? { ...item, ...patch } : item)));
  }, []);

  const send = useCallback(
    async (item: UploadItem, file: File) => {
      const controller = new AbortController();
      controllers.current.set(item.localId, controller);
      try {
        const token = await api.getToken();
        const accepted = await uploadFile(file, {
          baseUrl: api.baseUrl,
          token,
          signal: controller.signal,
          onProgress: (progress) => update(item.localId, { progress }),
        });
        update(item.localId, { phase: "accepted", progress: 1, documentId: accepted.document_id });
      } catch (caught) {
        if (controller.signal.aborted) return;
        const error = caught instanceof ApiError ? serverMessage(caught, file.name) : "Upload failed.";
        update(item.localId, { phase: "rejected", error });
      } finally {
        controllers.current.delete(item.localId);
      }
    },
    [api, update],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      const fresh = files.map((file): [UploadItem, File] => {
        const problem = uploadProblem(file);
        const item: UploadItem = {
          localId: `upload-${++nextLocalId}`,
          name: file.name,
          size: file.size,
          progress: 0,
          phase: problem ? "rejected" : "sending",
          ...(problem ? { error: problem } : {}),
        };
        return [item, file];
      });
      setItems((previous) => [...fresh.map(([item]) => item), ...previous]);
      for (const [item, file] of fresh) if (item.phase === "sending") void send(item, file);
    },
    [send],
  );

  const dismiss = useCallback((localId: string) => {
    controllers.current.get(localId)?.abort();
    setItems((previous) => previous.filter((item) => item.localId !== localId));
  }, []);

  return { items, addFiles, dismiss };
}

function serverMessage(error: ApiError, name: string): string {
  if (error.status === 413) return `“${name}” is too large for the server. ${error.detail}`;
  if (error.status === 415) return `“${name}” was refused: ${error.detail}`;
  if (error.status === 403) return error.detail || "Upload limit reached.";
  return error.detail;
}
