"use client";
import Link from "next/link";
import { useAuth } from "./auth-provider";
import { useDocumentsContext } from "./documents-provider";
import { UploadsStatus } from "./uploads-status";

/** Brand, the live connection in words (not colour alone), who is signed in, sign out. */
export function AppHeader() {
  const { user, signOut } = useAuth();
  const { isConnected } = useDocumentsContext();
  return (
    <>
      <header className="header">
        <Link href="/" className="brand">
          Docstream
        </Link>
        <div className="header__right">
          <span className={`live${isConnected ? " live--on" : ""}`} data-testid="connection">
            <span className="live__dot" aria-hidden="true" />
            <span className="live__text">{isConnected ? "Live" : "Connecting…"}</span>
          </span>
          <Link href="/tokens" className="button button--ghost button--small">
            API tokens
          </Link>
          {user && (
            <span className="header__email" title={user.email}>
              {user.email}
            </span>
          )}
          <button type="button" className="button button--ghost button--small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <UploadsStatus />
    </>
  );
}
