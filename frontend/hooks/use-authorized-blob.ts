"use client";
import { useEffect, useState } from "react";
import type { ApiClient } from "@/lib/api/client";

export interface AuthorizedBlob {
  url: string | null;
  blob: Blob | null;
  failed: boolean;
}

/**
 * Fetches a protected file with the bearer token and exposes it as an object URL (an <img> or
 * <iframe> cannot send an Authorization header). The URL is revoked when it is no longer shown.
 * Pass `path: null` to fetch nothing yet.
 */
export function useAuthorizedBlob(api: ApiClient, path: string | null): AuthorizedBlob {
  const [state, setState] = useState<AuthorizedBlob>({ url: null, blob: null, failed: false });

  useEffect(() => {
    if (!path) return;
    let url: string | null = null;
    let cancelled = false;
    api.fetchBlob(path).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ url, blob, failed: false });
      },
      () => !cancelled && setState({ url: null, blob: null, failed: true }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, path]);

  return state;
}
