/**
 * Where Supabase magic links land (PKCE): trade the one-time code for a session cookie, then go
 * to the app. Not used in local mode.
 */
import { NextResponse } from "next/server";
import { supabaseConfig } from "@/lib/config";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export async function GET(request: Request) {
  const url = new URL(request.url);
  const code = url.searchParams.get("code");
  if (supabaseConfig && code) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (!error) return NextResponse.redirect(new URL("/", url.origin));
  }
  return NextResponse.redirect(new URL("/login?error=link", url.origin));
}
