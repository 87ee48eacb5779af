/**
 * Supabase-mode transport: Realtime `postgres_changes` on `public.documents`, filtered to the
 * user's rows. RLS on `documents` is a second line of defence, not the only one.
 *
 * Realtime does not replay what happened while a socket was down, so every SUBSCRIBED (the first
 * and each one after an automatic rejoin) is reported and makes the hook re-fetch the list.
 */
import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";
import type { TokenSource } from "@/lib/api/http";
import { changeFromPayload, type DocumentFeed, parseChangePayload } from "./types";

/** The slice of SupabaseClient this transport uses; tests pass a fake of exactly this. */
export type RealtimeClient = Pick<SupabaseClient, "channel" | "removeChannel"> & {
  realtime: Pick<SupabaseClient["realtime"], "setAuth">;
};

export function createSupabaseFeed(options: {
  client: RealtimeClient;
  userId: string;
  getToken: TokenSource;
}): DocumentFeed {
  return (handlers) => {
    let channel: RealtimeChannel | null = null;
    let stopped = false;

    void (async () => {
      // The socket must carry the user's JWT, or RLS lets no row through to this subscriber.
      const token = await options.getToken();
      if (token) await options.client.realtime.setAuth(token);
      if (stopped) return;
      channel = options.client
        .channel(`documents:${options.userId}`)
        .on(
          "postgres_changes",
          {
            event: "*",
            schema: "public",
            table: "documents",
            filter: `user_id=eq.${options.userId}`,
          },
          (payload) => {
            const parsed = parseChangePayload(payload);
            const change = parsed && changeFromPayload(parsed);
            if (change) handlers.onChange(change);
          },
        )
        .subscribe((status, error) => {
          if (status === "SUBSCRIBED") handlers.onSubscribed();
          else handlers.onDisconnected(error?.message ?? status);
        });
    })();

    return () => {
      stopped = true;
      if (channel) void options.client.removeChannel(channel);
    };
  };
}
