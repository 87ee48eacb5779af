"use client";
import { useDropzone } from "react-dropzone";
import { formatBytes } from "@/lib/document-status";
import { acceptAttribute } from "@/lib/upload-rules";
import { useClientConfig } from "./config-provider";
import { UploadIcon } from "./icons";

/**
 * Drag and drop, or click / Enter to browse. A real `<input type="file" multiple>` sits inside.
 * Every file is handed on, accepted or not: our own checks explain refusals beside the file,
 * which reads better than react-dropzone's error codes. The limits shown come from the API.
 */
export function UploadDropzone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { config } = useClientConfig();
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    multiple: true,
  });
  const accept = acceptAttribute(config);
  return (
    <div
      {...getRootProps({
        className: `dropzone${isDragActive ? " dropzone--active" : ""}`,
        role: "button",
        "aria-label": "Upload documents: drop files here or press Enter to choose",
      })}
    >
      <input {...getInputProps(accept ? { accept } : {})} aria-label="Choose files to upload" data-testid="file-input" />
      <UploadIcon className="dropzone__icon" />
      <p className="dropzone__title">{isDragActive ? "Drop to upload" : "Drop documents here, or click to choose"}</p>
      {config ? (
        <p className="muted" data-testid="upload-limits">
          {config.accepted_types_text} · up to {formatBytes(config.max_upload_bytes)} each ·{" "}
          {Math.max(0, config.monthly_quota - config.used_this_month)} of {config.monthly_quota} uploads left this month
        </p>
      ) : (
        <p className="muted">&nbsp;</p>
      )}
    </div>
  );
}
