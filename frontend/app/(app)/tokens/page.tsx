"use client";
/**
 * Personal API tokens: make one for a script or a scanner (its secret is shown this once, with
 * a copy button and the curl line that uploads with it), see when each was last used, revoke.
 */
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { BackIcon } from "@/components/icons";
import { useAction } from "@/hooks/use-action";
import type { ApiTokenCreated, ApiTokenInfo } from "@/lib/api/types";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export default function TokensPage() {
  const { api } = useAuth();
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const loading = useAction("Could not load your tokens.");
  const creating = useAction("Could not make the token.");
  const revoking = useAction("Could not revoke the token.");
  const { run: runLoad } = loading;

  const reload = useCallback(() => runLoad(async () => setTokens(await api.listApiTokens())), [api, runLoad]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function create(event: FormEvent) {
    event.preventDefault();
    const ok = await creating.run(async () => {
      const made = await api.createApiToken(name);
      setCreated(made);
      setCopied(false);
      setName("");
    });
    if (ok) await reload();
  }

  async function revoke(token: ApiTokenInfo) {
    const ok = await revoking.run(() => api.revokeApiToken(token.id));
    if (ok) {
      if (created?.id === token.id) setCreated(null);
      await reload();
    }
  }

  async function copy(secret: string) {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <section className="tokens" aria-labelledby="tokens-title">
      <Link href="/" className="button button--ghost button--small">
        <BackIcon /> Documents
      </Link>
      <h1 id="tokens-title">API tokens</h1>
      <p>
        A token lets a script or a scanner upload and read your documents without signing in. Treat it like a
        password: it is shown once, and anyone holding it acts as you until you revoke it.
      </p>
      <form className="tokens__form" onSubmit={(event) => void create(event)}>
        <label htmlFor="token-name">Name</label>
        <input
          id="token-name"
          value={name}
          maxLength={100}
          placeholder="e.g. office scanner"
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button" disabled={creating.busy || !name.trim()}>
          Make token
        </button>
      </form>
      {creating.error && <p className="error-text" role="alert">{creating.error}</p>}
      {created && (
        <div className="notice" data-testid="new-token">
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <code className="tokens__secret" data-testid="token-secret">
            {created.token}
          </code>{" "}
          <button type="button" className="button button--small" onClick={() => void copy(created.token)}>
            {copied ? "Copied" : "Copy"}
          </button>
          <p>Upload a file with it:</p>
          <code className="tokens__secret">
            {`curl -H "Authorization: Bearer ${created.token}" -F file=@scan.pdf ${api.baseUrl}/api/document/upload`}
          </code>
          <p>
            <button type="button" className="button button--ghost button--small" onClick={() => setCreated(null)}>
              Done
            </button>
          </p>
        </div>
      )}
      {loading.error && <p className="error-text" role="alert">{loading.error}</p>}
      {revoking.error && <p className="error-text" role="alert">{revoking.error}</p>}
      {tokens && tokens.length === 0 && <p>No tokens yet.</p>}
      {tokens && tokens.length > 0 && (
        <ul className="tokens__list" aria-label="Your API tokens">
          {tokens.map((token) => (
            <li key={token.id} data-token-id={token.id}>
              <span className="tokens__name">{token.name}</span> <code>{token.hint}…</code>{" "}
              <span className="tokens__meta">
                made {when.format(new Date(token.created_at))},{" "}
                {token.last_used_at ? `last used ${when.format(new Date(token.last_used_at))}` : "never used"}
              </span>{" "}
              <button
                type="button"
                className="button button--quiet-danger button--small"
                disabled={revoking.busy}
                onClick={() => void revoke(token)}
                aria-label={`Revoke ${token.name}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
