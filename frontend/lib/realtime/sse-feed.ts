/**
 * Local-mode transport: the API's `GET /api/documents/events` SSE feed (Postgres LISTEN/NOTIFY).
 *
 * Read with fetch so the token travels in the Authorization header rather than in the URL (where
 * it would land in access logs). The API sends `event: ready` once its LISTEN is in place; only
 * then is a re-fetch guaranteed not to miss a change, so that is when we report "subscribed".
 */
import type { TokenSource } from "@/lib/api/client";
import { readSseStream } from "@/lib/sse";
import { type ChangePayload, changeFromPayload, type DocumentFeed } from "./types";

export interface SseFeedOptions {
  baseUrl: string;
  getToken: TokenSource;
  fetchImpl?: typeof fetch;
  /** Delay before reconnect attempt n (1-based). */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 10_000);

export function createSseFeed(options: SseFeedOptions): DocumentFeed {
  const doFetch = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const backoff = options.backoffMs ?? defaultBackoff;

  return (handlers) => {
    const controller = new AbortController();
    let attempt = 0;

    const connectOnce = async () => {
      const token = await options.getToken();
      const response = await doFetch(`${options.baseUrl}/api/documents/events`, {
        headers: { Accept: "text/event-stream", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        signal: controller.signal,
        cache: "no-store",
      });
      if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
      await readSseStream(response.body, ({ event, data }) => {
        if (event === "ready") {
          attempt = 0;
          handlers.onSubscribed();
        } else if (event === "resync") {
          // The API's own LISTEN connection dropped and came back: changes may be lost.
          handlers.onSubscribed();
        } else if (event === "change") {
          let payload: ChangePayload;
          try {
            payload = JSON.parse(data) as ChangePayload;
          } catch {
            return;
          }
          const change = changeFromPayload(payload);
          if (change) handlers.onChange(change);
        }
      });
    };

    void (async () => {
      while (!controller.signal.aborted) {
        try {
          await connectOnce();
          if (controller.signal.aborted) return;
          handlers.onDisconnected("the feed closed");
        } catch (error) {
          if (controller.signal.aborted) return;
          handlers.onDisconnected((error as Error).message);
        }
        attempt += 1;
        await sleep(backoff(attempt), controller.signal);
      }
    })();

    return () => controller.abort();
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
