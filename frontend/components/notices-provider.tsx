"use client";
/**
 * The page's one live region. Twenty cards each announcing their own status would talk over
 * each other; instead changes are summarised here ("2 documents ready"), and the toasts people
 * see (e.g. the result of a Retry) are read out from the same place.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

export interface Toast {
  id: number;
  text: string;
  tone: "info" | "error";
}

interface NoticesValue {
  /** A visible toast, read out too. */
  toast: (text: string, tone?: Toast["tone"]) => void;
  /** Read out only (the change is already visible on the page). */
  announce: (text: string) => void;
}

const NoticesContext = createContext<NoticesValue>({ toast: () => {}, announce: () => {} });
const TOAST_MS = 8000;

export function NoticesProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [spoken, setSpoken] = useState("");
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const toast = useCallback(
    (text: string, tone: Toast["tone"] = "info") => {
      const id = ++nextId.current;
      setToasts((list) => [...list.slice(-3), { id, text, tone }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  const announce = useCallback((text: string) => setSpoken(text), []);
  const value = useMemo(() => ({ toast, announce }), [toast, announce]);

  return (
    <NoticesContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-atomic="false">
        <span className="visually-hidden">{spoken}</span>
        {toasts.map((item) => (
          <div key={item.id} className={`toast toast--floating toast--${item.tone}`} data-testid="toast">
            <span>{item.text}</span>
            <button type="button" className="button button--ghost button--small" onClick={() => dismiss(item.id)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticesContext.Provider>
  );
}

export function useNotices(): NoticesValue {
  return useContext(NoticesContext);
}
