"use client";
/**
 * The upload manager: files on their way to the API, each with its own progress and error, and
 * the batches they were dropped in. It lives in a provider above the routes (UploadsProvider in
 * the signed-in layout), so opening a document mid-upload does not abort anything; only a
 * reload or closing the tab would, and `beforeunload` asks first while bytes are in flight.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { ClientConfig } from "@/lib/api/types";
import { uploadProblem } from "@/lib/upload-rules";

export interface UploadItem {
  localId: string;
  batchId: number;
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  /**
   * sending: bytes in flight; sent: all bytes out, the server is storing them; accepted: the
   * server answered with `documentId`; rejected: refused (by us or the server), see `error`.
   */
  phase: "sending" | "sent" | "accepted" | "rejected";
  error?: string;
  documentId?: string;
  /**
   * The newest document's `created_at` when this upload began (server time): a document the
   * feed shows before the upload's answer arrives, with this file's name and a later
   * `created_at`, is this file, so it is never shown as a second card.
   */
  after: string | null;
  /** A failed document this file replaces ("Upload a new copy"): deleted once this one is in. */
  replaces?: string;
}

export interface UploadBatch {
  id: number;
  localIds: string[];
}

export interface AddFilesOptions {
  replaces?: string;
}

let nextLocalId = 0;
let nextBatchId = 0;

export interface UseUploadsOptions {
  api: ApiClient;
  config: ClientConfig | null;
  /** created_at of the newest document known right now. */
  newestCreatedAt: () => string | null;
  /** A replaced document was deleted. */
  onReplaced?: (id: string) => void;
  onAccepted?: () => void;
}

export function useUploads({ api, config, newestCreatedAt, onReplaced, onAccepted }: UseUploadsOptions) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [batches, setBatches] = useState<UploadBatch[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const callbacks = useRef({ onReplaced, onAccepted });
  useEffect(() => {
    callbacks.current = { onReplaced, onAccepted };
  }, [onReplaced, onAccepted]);

  // Leaving the signed-in area (sign out) cancels what is still going.
  useEffect(() => {
    const active = controllers.current;
    return () => active.forEach((controller) => controller.abort());
  }, []);

  const inFlight = items.some((item) => item.phase === "sending" || item.phase === "sent");
  // A layout effect: the guard comes and goes in the same commit as the card's phase, so a
  // page that already says "Queued" never asks before unloading (a passive effect's cleanup
  // runs later, after the paint, and a busy machine showed the gap).
  useLayoutEffect(() => {
    if (!inFlight) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [inFlight]);

  const update = useCallback((localId: string, patch: Partial<UploadItem>) => {
    setItems((previous) => previous.map((item) => (item.localId === localId ? { ...item, ...patch } : item)));
  }, []);

  const send = useCallback(
    async (item: UploadItem, file: File) => {
      const controller = new AbortController();
      controllers.current.set(item.localId, controller);
      try {
        const accepted = await api.uploadFile(file, {
          signal: controller.signal,
          onProgress: (progress) => update(item.localId, { progress: Math.min(progress, 1) }),
          onSent: () => update(item.localId, { phase: "sent", progress: 1 }),
        });
        update(item.localId, { phase: "accepted", progress: 1, documentId: accepted.document_id });
        callbacks.current.onAccepted?.();
        if (item.replaces) {
          await api.deleteDocument(item.replaces).catch(() => {});
          callbacks.current.onReplaced?.(item.replaces);
        }
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
    (files: File[], options: AddFilesOptions = {}) => {
      if (files.length === 0) return;
      const batchId = ++nextBatchId;
      const after = newestCreatedAt();
      const fresh = files.map((file): [UploadItem, File] => {
        const problem = uploadProblem(file, config);
        const item: UploadItem = {
          localId: `upload-${++nextLocalId}`,
          batchId,
          name: file.name,
          size: file.size,
          progress: 0,
          phase: problem ? "rejected" : "sending",
          after,
          ...(problem ? { error: problem } : {}),
          ...(options.replaces ? { replaces: options.replaces } : {}),
        };
        return [item, file];
      });
      setItems((previous) => [...fresh.map(([item]) => item), ...previous]);
      setBatches((previous) => [{ id: batchId, localIds: fresh.map(([item]) => item.localId) }, ...previous]);
      for (const [item, file] of fresh) if (item.phase === "sending") void send(item, file);
    },
    [config, newestCreatedAt, send],
  );

  const dismiss = useCallback((localId: string) => {
    controllers.current.get(localId)?.abort();
    setItems((previous) => previous.filter((item) => item.localId !== localId));
  }, []);

  const dismissBatch = useCallback((batchId: number) => {
    setBatches((previous) => previous.filter((batch) => batch.id !== batchId));
  }, []);

  return { items, batches, addFiles, dismiss, dismissBatch, inFlight };
}

export type UploadManager = ReturnType<typeof useUploads>;

function serverMessage(error: ApiError, name: string): string {
  if (error.status === 413) return `“${name}” is too large for the server. ${error.detail}`;
  if (error.status === 415) return `“${name}” was refused: ${error.detail}`;
  if (error.status === 403) return error.detail || "Upload limit reached.";
  return error.detail;
}
