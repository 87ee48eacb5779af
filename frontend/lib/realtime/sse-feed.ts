/**
 * Local-mode transport: the API's `GET /api/documents/events` SSE feed (Postgres LISTEN/NOTIFY).
 *
 * Read through the request core (fetch with the token in the Authorization header, not in the
 * URL where it would land in access logs; one 401 policy). The API sends `event: ready` once its
 * LISTEN is in place; only then is a re-fetch guaranteed not to miss a change, so that is when we
 * report "subscribed". A 401 ends the feed for good: the app signs out, retrying cannot help.
 */
import { ApiError } from "@/lib/api/errors";
import { type HttpCore, parseJson } from "@/lib/api/http";
import { readSseStream } from "@/lib/sse";
import { changeFromPayload, type DocumentFeed, parseChangePayload } from "./types";

export interface SseFeedOptions {
  http: Pick<HttpCore, "send">;
  /** Delay before reconnect attempt n (1-based). */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 10_000);

export function createSseFeed(options: SseFeedOptions): DocumentFeed {
  const backoff = options.backoffMs ?? defaultBackoff;

  return (handlers) => {
    const controller = new AbortController();
    let attempt = 0;

    const connectOnce = async () => {
      const response = await options.http.send("/api/documents/events", {
        headers: { Accept: "text/event-stream" },
        signal: controller.signal,
        cache: "no-store",
      });
      if (!response.body) throw new Error("the feed sent no stream");
      await readSseStream(response.body, ({ event, data }) => {
        if (event === "ready") {
          attempt = 0;
          handlers.onSubscribed();
        } else if (event === "resync") {
          // The API's own LISTEN connection dropped and came back: changes may be lost.
          handlers.onSubscribed();
        } else if (event === "change") {
          const payload = parseChangePayload(parseJson(data));
          const change = payload && changeFromPayload(payload);
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
          handlers.onDisconnected(error instanceof Error ? error.message : String(error));
          if (error instanceof ApiError && error.status === 401) return; // signed out: stop
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
