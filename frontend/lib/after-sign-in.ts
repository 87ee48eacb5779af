/**
 * A page worth coming back to after signing in: only the share sheet's landing page, whose
 * files wait on the server for a few minutes (`app/share-target/route.ts`). Kept in the tab's
 * session storage; only a `/shared?…` path is ever followed (never an arbitrary URL).
 */
const KEY = "docstream.after-sign-in";
const ALLOWED = /^\/shared\?[\w=&%.-]*$/;

export function rememberForAfterSignIn(path: string): void {
  if (ALLOWED.test(path)) window.sessionStorage.setItem(KEY, path);
}

/** The remembered page (once), or "/". */
export function takeAfterSignIn(): string {
  const path = window.sessionStorage.getItem(KEY);
  window.sessionStorage.removeItem(KEY);
  return path && ALLOWED.test(path) ? path : "/";
}
