/**
 * Local mode keeps the API-minted token in localStorage. Fine for a single-user local install;
 * Supabase mode uses Supabase's own cookie-based session instead.
 */
export interface LocalSession {
  token: string;
  userId: string;
  email: string;
}

const KEY = "docstream.session";

export function loadLocalSession(): LocalSession | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const field = (key: keyof LocalSession) => {
      const found: unknown = Reflect.get(value, key);
      return typeof found === "string" ? found : "";
    };
    const session: LocalSession = { token: field("token"), userId: field("userId"), email: field("email") };
    if (!session.token || !session.userId || isExpired(session.token)) return null;
    return session;
  } catch {
    return null;
  }
}

export function saveLocalSession(session: LocalSession): void {
  window.localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearLocalSession(): void {
  window.localStorage.removeItem(KEY);
}

function isExpired(token: string): boolean {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as {
      exp?: number;
    };
    return typeof payload.exp === "number" && payload.exp * 1000 < Date.now();
  } catch {
    return true;
  }
}
