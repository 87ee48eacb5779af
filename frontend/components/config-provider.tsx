"use client";
/**
 * The server's limits (`GET /api/config`): size, accepted types, monthly quota and use. The
 * dropzone, the browser-side checks and the text beside them all render from this, so raising a
 * limit on the server raises it here too. Until it arrives, files go to the server unchecked.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { ClientConfig } from "@/lib/api/types";
import { useAuth } from "./auth-provider";

interface ConfigContextValue {
  config: ClientConfig | null;
  /** Read again (e.g. after uploads, for the quota use). */
  refresh: () => void;
}

const ConfigContext = createContext<ConfigContextValue>({ config: null, refresh: () => {} });

export function ConfigProvider({ children }: { children: ReactNode }) {
  const { api, user } = useAuth();
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [version, setVersion] = useState(0);
  const userId = user?.id ?? null;

  useEffect(() => {
    if (!userId) return;
    let cancelled = false;
    api.getConfig().then(
      (value) => !cancelled && setConfig(value),
      () => {}, // the server still checks everything; a missing config only costs the early hints
    );
    return () => {
      cancelled = true;
    };
  }, [api, userId, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return <ConfigContext.Provider value={{ config, refresh }}>{children}</ConfigContext.Provider>;
}

export function useClientConfig(): ConfigContextValue {
  return useContext(ConfigContext);
}
