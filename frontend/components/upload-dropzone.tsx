"use client";
import { useRef, useSyncExternalStore } from "react";
import { useDropzone } from "react-dropzone";
import { formatBytes } from "@/lib/document-status";
import { acceptAttribute } from "@/lib/upload-rules";
import { useClientConfig } from "./config-provider";
import { CameraIcon, UploadIcon } from "./icons";

const TOUCH_QUERY = "(pointer: coarse)";

function subscribeTouch(onChange: () => void): () => void {
  if (typeof window.matchMedia !== "function") return () => undefined;
  const query = window.matchMedia(TOUCH_QUERY);
  query.addEventListener?.("change", onChange);
  return () => query.removeEventListener?.("change", onChange);
}

const isTouchScreen = () => typeof window.matchMedia === "function" && window.matchMedia(TOUCH_QUERY).matches;
const onTheServer = () => false;

/**
 * A touch screen (phone, tablet): nothing to drag, and a camera to hand. Read as an external
 * store (the media query), so a change (a tablet's keyboard attached) re-renders, with no state
 * set from an effect; the server renders the desktop strip.
 */
function useTouchScreen(): boolean {
  return useSyncExternalStore(subscribeTouch, isTouchScreen, onTheServer);
}

/**
 * Drag and drop, or click / Enter to browse. A real `<input type="file" multiple>` sits inside.
 * Every file is handed on, accepted or not: our own checks explain refusals beside the file,
 * which reads better than react-dropzone's error codes. The limits shown come from the API.
 * On a touch screen there is nothing to drop: two buttons, "Choose files" and "Take a photo"
 * (the camera), in a compact strip that leaves the documents on the first screen.
 */
export function UploadDropzone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { config } = useClientConfig();
  const touch = useTouchScreen();
  const camera = useRef<HTMLInputElement>(null);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    multiple: true,
    noClick: touch,
    noKeyboard: touch,
  });
  const accept = acceptAttribute(config);
  const limits = config ? (
    <p className="muted dropzone__limits" data-testid="upload-limits">
      {config.accepted_types_text} · up to {formatBytes(config.max_upload_bytes)} each ·{" "}
      {Math.max(0, config.monthly_quota - config.used_this_month)} of {config.monthly_quota} uploads left this month
    </p>
  ) : (
    <p className="muted dropzone__limits">&nbsp;</p>
  );
  const input = <input {...getInputProps(accept ? { accept } : {})} aria-label="Choose files to upload" data-testid="file-input" />;

  if (touch) {
    return (
      <div {...getRootProps({ className: "dropzone dropzone--touch", "aria-label": "Upload documents" })} role="group">
        {input}
        <div className="actions dropzone__buttons">
          <button type="button" className="button" onClick={open}>
            <UploadIcon /> Choose files
          </button>
          <button type="button" className="button button--ghost" onClick={() => camera.current?.click()}>
            <CameraIcon /> Take a photo
          </button>
        </div>
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          aria-label="Take a photo to upload"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = "";
            if (files.length) onFiles(files);
          }}
        />
        {limits}
      </div>
    );
  }
  return (
    <div
      {...getRootProps({
        className: `dropzone${isDragActive ? " dropzone--active" : ""}`,
        role: "button",
        "aria-label": "Upload documents: drop files here or press Enter to choose",
      })}
    >
      {input}
      <UploadIcon className="dropzone__icon" />
      <p className="dropzone__title">{isDragActive ? "Drop to upload" : "Drop documents here, or click to choose"}</p>
      {limits}
    </div>
  );
}
