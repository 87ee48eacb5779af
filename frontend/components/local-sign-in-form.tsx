"use client";
import { type FormEvent, useState } from "react";
import { ApiError } from "@/lib/api/errors";
import { useAuth } from "./auth-provider";

/** Local mode: no passwords, the email names the account (the API mints the token). */
export function LocalSignInForm() {
  const { signInLocal } = useAuth();
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInLocal(email.trim());
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "Could not sign in.");
      setBusy(false);
    }
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
