/**
 * Supabase-mode transport: Realtime `postgres_changes` on `public.documents`, filtered to the
 * user's rows. RLS on `documents` is a second line of defence, not the only one.
 *
 * Realtime does not replay what happened while a socket was down, so every SUBSCRIBED (the first
 * and each one after an automatic rejoin) is reported and makes the hook re-fetch the list.
 */
import type { RealtimeChannel } from "@supabase/supabase-js";
import type { TokenSource } from "@/lib/api/http";
import type { DocumentRow } from "@/lib/api/types";
import type { Database } from "@/lib/database.types";
import type { TypedSupabaseClient } from "@/lib/supabase/client";
import { changeFromPayload, type DocumentFeed, parseChangePayload } from "./types";

/** The slice of SupabaseClient this transport uses; tests pass a fake of exactly this. */
export type RealtimeClient = Pick<TypedSupabaseClient, "channel" | "removeChannel"> & {
  realtime: Pick<TypedSupabaseClient["realtime"], "setAuth">;
};

/** A `public.documents` row as Realtime sends it, from the generated database types. */
export type DocumentsTableRow = Database["public"]["Tables"]["documents"]["Row"];
type NotAColumn = Exclude<keyof DocumentRow, keyof DocumentsTableRow>;
/**
 * Compile-time: every field of the API's document is a column of the table, so a Realtime row
 * can be shown as a card (a renamed column or field fails `tsc`; `isCompleteRow` checks the
 * values at run time).
 */
export const DOCUMENT_FIELDS_ARE_COLUMNS: [NotAColumn] extends [never] ? true : false = true;

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
        .on<DocumentsTableRow>(
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
