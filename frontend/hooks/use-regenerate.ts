"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiClient } from "@/lib/api/client";
import { errorText } from "@/lib/api/errors";
import type { GeneratedMetadata, MetadataStreamEvent } from "@/lib/api/types";

export type { GeneratedMetadata } from "@/lib/api/types";

/** A step in words a person understands; tool names stay in the server's log. */
export interface AgentStep {
  text: string;
}

const TOOL_STEPS: Record<string, string> = {
  read_ocr: "Reading the document",
  read_layout: "Looking at the layout",
  read_vocabulary: "Reading your tags",
  read_senders: "Reading your senders",
  save_metadata: "Saved",
};
const STATUS_STEPS: Record<string, string> = {
  "Generating metadata": "Starting",
  "Metadata saved": "Saved",
};
const WRITING = "Writing a title and tags";

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
      const message = errorText(caught, "The metadata stream broke off.");
      setState((previous) => ({ ...previous, running: false, error: message }));
      return;
    }
    setState((previous) => ({ ...previous, running: false }));
  }, [api, documentId]);

  const dismiss = useCallback(() => setState(idle), []);
  return { ...state, start, dismiss };
}

function addStep(state: RegenerateState, text: string): RegenerateState {
  if (state.steps.some((step) => step.text === text)) return state;
  return { ...state, steps: [...state.steps, { text }] };
}

function applyEvent(state: RegenerateState, event: MetadataStreamEvent): RegenerateState {
  switch (event.type) {
    case "status":
      return addStep(state, STATUS_STEPS[event.message] ?? event.message);
    case "tool":
      return addStep(state, TOOL_STEPS[event.tool] ?? "Working on it");
    case "text":
      return addStep(state, WRITING);
    case "complete":
      return { ...addStep(state, "Saved"), running: false, result: event.metadata };
    case "error":
      return { ...state, running: false, error: event.message };
  }
}
