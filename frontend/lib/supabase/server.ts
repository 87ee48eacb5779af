/**
 * Supabase on the server (route handlers, server components), reading the session from cookies.
 *
 * WARNING: create a new client for every request, and never keep one in a module-level variable:
 * the client holds the caller's session, and a shared one would serve one user's session to
 * another user's request.
 */
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { supabaseConfig } from "@/lib/config";
import type { Database } from "@/lib/database.types";
import type { TypedSupabaseClient } from "./client";

export async function createSupabaseServerClient(): Promise<TypedSupabaseClient> {
  if (!supabaseConfig) throw new Error("Supabase mode is not configured");
  const cookieStore = await cookies();
  return createServerClient<Database>(supabaseConfig.url, supabaseConfig.anonKey, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components may not set cookies. Harmless here: the browser client refreshes
          // the session itself, and route handlers (where setting works) are the only writers.
        }
      },
    },
  });
}
