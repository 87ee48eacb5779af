"use client";
import { type FormEvent, useState } from "react";
import { useAuth } from "./auth-provider";

/** Supabase mode: email + password, or a magic link by email. */
export function SupabaseSignInForm() {
  const { supabase } = useAuth();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  if (!supabase) return null;

  const run = async (action: () => Promise<{ error: { message: string } | null }>, success?: string) => {
    setBusy(true);
    setMessage(null);
    const { error } = await action();
    setBusy(false);
    if (error) setMessage({ text: error.message, isError: true });
    else if (success) setMessage({ text: success, isError: false });
  };

  const signIn = (event: FormEvent) => {
    event.preventDefault();
    void run(() => supabase.auth.signInWithPassword({ email, password }));
  };
  const signUp = () =>
    void run(() => supabase.auth.signUp({ email, password }), "Check your inbox to confirm your account.");
  const magicLink = () =>
    void run(
      () =>
        supabase.auth.signInWithOtp({
          email,
          options: { emailRedirectTo: `${window.location.origin}/auth/callback` },
        }),
      "We sent you a sign-in link.",
    );

  return (
    <form className="form" onSubmit={signIn}>
      <label htmlFor="email">Email</label>
      <input id="email" type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button" disabled={busy || !password}>
        Sign in
      </button>
      <div className="form__row">
        <button type="button" className="button button--ghost" disabled={busy || !email || !password} onClick={signUp}>
          Create account
        </button>
        <button type="button" className="button button--ghost" disabled={busy || !email} onClick={magicLink}>
          Email me a link
        </button>
      </div>
      {message && (
        <p className={message.isError ? "error-text" : "muted"} role={message.isError ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
