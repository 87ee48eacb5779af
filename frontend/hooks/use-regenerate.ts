"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiClient, MetadataStreamEvent } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";

export interface AgentStep {
  kind: "status" | "tool" | "text";
  text: string;
}

export interface GeneratedMetadata {
  display_name: string;
  tags: string[];
  summary: string;
}

export interface RegenerateState {
  running: boolean;
  steps: AgentStep[];
  result: GeneratedMetadata | null;
  error: string | null;
}

const idle: RegenerateState = { running: false, steps: [], result: null, error: null };

/** Streams the metadata agent's steps for one document (POST /api/document/metadata). */
export function useRegenerate(api: ApiClient, documentId: string) {
  const [state, setState] = useState<RegenerateState>(idle);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const start = useCallback(async (replaceEdited = false) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setState({ ...idle, running: true });
    const onEvent = (event: MetadataStreamEvent) =>
      setState((previous) => applyEvent(previous, event));
    try {
      await api.regenerateMetadata(documentId, onEvent, controller.signal, replaceEdited);
    } catch (caught) {
      if (controller.signal.aborted) return;
      const message = caught instanceof ApiError ? caught.detail : "The metadata stream broke off.";
      setState((previous) => ({ ...previous, running: false, error: message }));
      return;
    }
    setState((previous) => ({ ...previous, running: false }));
  }, [api, documentId]);

  const dismiss = useCallback(() => setState(idle), []);
  return { ...state, start, dismiss };
}

function applyEvent(state: RegenerateState, event: MetadataStreamEvent): RegenerateState {
  switch (event.type) {
    case "status":
      return { ...state, steps: [...state.steps, { kind: "status", text: event.message }] };
    case "tool":
      return { ...state, steps: [...state.steps, { kind: "tool", text: event.tool }] };
    case "text": {
      // Text arrives in pieces; keep consecutive pieces in one step.
      const last = state.steps.at(-1);
      if (last?.kind === "text") {
        return { ...state, steps: [...state.steps.slice(0, -1), { kind: "text", text: last.text + event.text }] };
      }
      return { ...state, steps: [...state.steps, { kind: "text", text: event.text }] };
    }
    case "complete":
      return { ...state, running: false, result: event.metadata };
    case "error":
      return { ...state, running: false, error: event.message };
    default:
      return state;
  }
}
