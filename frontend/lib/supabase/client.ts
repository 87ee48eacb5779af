/**
 * The browser's Supabase client (Auth and Realtime only; data goes through our API).
 * `createBrowserClient` keeps one instance per page, so calling this repeatedly is cheap.
 */
import { createBrowserClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { supabaseConfig } from "@/lib/config";
import type { Database } from "@/lib/database.types";

/** Typed by the generated database types (`scripts/test-db.sh --update-types`). */
export type TypedSupabaseClient = SupabaseClient<Database>;

export function createSupabaseBrowserClient(): TypedSupabaseClient {
  if (!supabaseConfig) {
    throw new Error("Supabase mode needs NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY");
  }
  return createBrowserClient<Database>(supabaseConfig.url, supabaseConfig.anonKey);
}
