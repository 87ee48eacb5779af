/**
 * Files shared to the app (the phone's share sheet), held by the web server for a moment until
 * the signed-in page picks them up and uploads them with the person's session: the share's
 * POST carries no session (the local session lives in the browser's storage), so the server
 * only keeps the files, under a random one-time id, and never reaches the API itself.
 *
 * Bounded: a share at most `MAX_FILES` files and `MAX_SHARE_BYTES`, at most `MAX_HELD_BYTES`
 * held in all, each share for `TTL_MS`. Held on `globalThis`, so one server process has one
 * store whatever module instance asks (development reloads modules).
 */
export const MAX_FILES = 20;
export const MAX_SHARE_BYTES = 200 * 1024 * 1024;
export const MAX_HELD_BYTES = 400 * 1024 * 1024;
export const TTL_MS = 10 * 60 * 1000;

interface Held {
  files: File[];
  bytes: number;
  expires: number;
}

const KEY = Symbol.for("docstream.shared-files");
const store = (): Map<string, Held> => {
  const scope = globalThis as typeof globalThis & { [KEY]?: Map<string, Held> };
  scope[KEY] ??= new Map();
  return scope[KEY];
};

function sweep(now: number) {
  for (const [id, held] of store()) if (held.expires <= now) store().delete(id);
}

/** Keep the files; answers the id to pick them up with, or why they cannot be kept. */
export function holdFiles(files: File[], now = Date.now()): { id: string } | { problem: string } {
  sweep(now);
  if (files.length === 0) return { problem: "none" };
  if (files.length > MAX_FILES) return { problem: "too-many" };
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  if (bytes > MAX_SHARE_BYTES) return { problem: "too-large" };
  const held = [...store().values()].reduce((sum, h) => sum + h.bytes, 0);
  if (held + bytes > MAX_HELD_BYTES) return { problem: "busy" };
  const id = crypto.randomUUID();
  store().set(id, { files, bytes, expires: now + TTL_MS });
  return { id };
}

/** The files under `id`, once: a second pick-up finds nothing. */
export function takeFiles(id: string, now = Date.now()): File[] | null {
  sweep(now);
  const held = store().get(id);
  if (!held) return null;
  store().delete(id);
  return held.files;
}
