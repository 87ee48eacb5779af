"use client";
/**
 * The state of one thing a person asked for (save, delete, keep, export, sign in): busy while
 * it runs, so its button can be disabled, and why it failed, in the API's words. One helper
 * instead of the same try/catch/finally in every component.
 */
import { useCallback, useState } from "react";
import { errorText } from "@/lib/api/errors";

export interface ActionState {
  busy: boolean;
  /** Why the last run failed; cleared when the next one starts. */
  error: string | null;
  /**
   * Runs `work` and resolves true when it succeeded (failures are caught and shown, never
   * thrown). `keepBusy`: stay busy after success, for work that leaves the page anyway.
   */
  run(work: () => Promise<unknown>, options?: { keepBusy?: boolean }): Promise<boolean>;
  clearError(): void;
}

/** `fallback` is what `error` says when the failure is not the API's answer (a bug, a crash). */
export function useAction(fallback: string): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (work: () => Promise<unknown>, options: { keepBusy?: boolean } = {}) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        if (!options.keepBusy) setBusy(false);
        return true;
      } catch (caught) {
        setError(errorText(caught, fallback));
        setBusy(false);
        return false;
      }
    },
    [fallback],
  );
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
