/**
 * Build-time configuration. `NEXT_PUBLIC_*` values are inlined by Next.js when the app is built,
 * so they must be set for `next build` (scripts/run.sh and scripts/test-e2e.sh do that).
 */
export const apiUrl: string = (process.env.NEXT_PUBLIC_API_URL || "http://localhost:8000").replace(
  /\/+$/,
  "",
);

const supabaseUrl = process.env.NEXT_PUBLIC_SUPABASE_URL ?? "";
const supabaseAnonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? "";

/** Supabase mode (Auth + Realtime) when both public values are set; local mode otherwise. */
export const supabaseConfig: { url: string; anonKey: string } | null =
  supabaseUrl && supabaseAnonKey ? { url: supabaseUrl, anonKey: supabaseAnonKey } : null;

export const authMode: "supabase" | "local" = supabaseConfig ? "supabase" : "local";

// Upload limits (size, types, quota) are not configured here: the API serves them at
// GET /api/config (components/config-provider.tsx).
