"use client";
/**
 * Who is signed in, in either mode, and how to get their current access token. The token goes to
 * our API as a Bearer token; in Supabase mode `getSession()` refreshes it when it is about to
 * expire, so callers always ask for it right before a request instead of caching it.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type ApiClient, createApiClient, type TokenSource } from "@/lib/api/client";
import { clearLocalSession, loadLocalSession, saveLocalSession } from "@/lib/auth/local-session";
import { authMode } from "@/lib/config";
import { createSupabaseBrowserClient, type TypedSupabaseClient } from "@/lib/supabase/client";

export interface SignedInUser {
  id: string;
  email: string;
}

export interface AuthContextValue {
  status: "loading" | "signed-in" | "signed-out";
  user: SignedInUser | null;
  mode: "local" | "supabase";
  getToken: TokenSource;
  api: ApiClient;
  /** The Supabase client in Supabase mode (for Auth and Realtime), null in local mode. */
  supabase: TypedSupabaseClient | null;
  signInLocal(email: string): Promise<void>;
  /** `reason` is shown on the sign-in page (e.g. why the session ended). */
  signOut(reason?: string): Promise<void>;
  /** Why the last session ended, when it was not the person's own choice. */
  notice: string | null;
}

/** Exported for tests, which provide a fake value; app code uses `useAuth`. */
export const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthContextValue["status"]>("loading");
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const supabase = useMemo(() => (authMode === "supabase" ? createSupabaseBrowserClient() : null), []);

  useEffect(() => {
    if (!supabase) {
      // The local session is in localStorage, which the server render cannot read: it is read
      // once, after the first render, like Supabase's session below.
      const session = loadLocalSession();
      // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
      setUser(session ? { id: session.userId, email: session.email } : null);
      setStatus(session ? "signed-in" : "signed-out");
      return;
    }
    const { data } = supabase.auth.onAuthStateChange((_event, session) => {
      const next = session?.user;
      setUser(next ? { id: next.id, email: next.email ?? "" } : null);
      setStatus(next ? "signed-in" : "signed-out");
    });
    return () => data.subscription.unsubscribe();
  }, [supabase]);

  const getToken = useCallback<TokenSource>(async () => {
    if (supabase) return (await supabase.auth.getSession()).data.session?.access_token ?? null;
    return loadLocalSession()?.token ?? null;
  }, [supabase]);

  const signOut = useCallback(
    async (reason?: string) => {
      setNotice(reason ?? null);
      if (supabase) await supabase.auth.signOut();
      else clearLocalSession();
      setUser(null);
      setStatus("signed-out");
    },
    [supabase],
  );

  // The request core reports the first 401 of a session (from any path: fetch, upload, feed).
  const api = useMemo(
    () =>
      createApiClient(getToken, {
        onUnauthorized: () => void signOut("Your session has expired. Sign in again to carry on."),
      }),
    [getToken, signOut],
  );

  const signInLocal = useCallback(
    async (email: string) => {
      const token = await api.requestLocalToken(email);
      // The account's email as the API stores it (trimmed, lower case), not as typed.
      const stored = token.email || email;
      saveLocalSession({ token: token.access_token, userId: token.user_id, email: stored });
      api.http.resetUnauthorized();
      setNotice(null);
      setUser({ id: token.user_id, email: stored });
      setStatus("signed-in");
    },
    [api],
  );

  useEffect(() => {
    if (status === "signed-in") api.http.resetUnauthorized();
  }, [api, status]);

  const value = useMemo<AuthContextValue>(
    () => ({ status, user, mode: authMode, getToken, api, supabase, signInLocal, signOut, notice }),
    [status, user, getToken, api, supabase, signInLocal, signOut, notice],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
