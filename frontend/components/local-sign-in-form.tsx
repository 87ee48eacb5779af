"use client";
import { type FormEvent, useState } from "react";
import { useAction } from "@/hooks/use-action";
import { useAuth } from "./auth-provider";

/** Local mode: no passwords, the email names the account (the API mints the token). */
export function LocalSignInForm() {
  const { signInLocal } = useAuth();
  const [email, setEmail] = useState("");
  const { busy, error, run } = useAction("Could not sign in.");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Signed in, the app leaves this page: the button stays busy until it does.
    await run(() => signInLocal(email.trim()), { keepBusy: true });
  };

  return (
    <form className="form" onSubmit={submit}>
      <label htmlFor="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p className="muted small">Local mode: your email is your account on this machine.</p>
    </form>
  );
}
