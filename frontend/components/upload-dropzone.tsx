"use client";
import { useDropzone } from "react-dropzone";
import { ACCEPTED_UPLOAD_TYPES, MAX_UPLOAD_MB } from "@/lib/config";
import { UploadIcon } from "./icons";

/**
 * Drag and drop, or click / Enter to browse. A real `<input type="file" multiple>` sits inside.
 * Every file is handed on, accepted or not: our own checks explain refusals beside the file,
 * which reads better than react-dropzone's error codes.
 */
export function UploadDropzone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    multiple: true,
  });
  return (
    <div
      {...getRootProps({
        className: `dropzone${isDragActive ? " dropzone--active" : ""}`,
        role: "button",
        "aria-label": "Upload documents: drop files here or press Enter to choose",
      })}
    >
      <input
        {...getInputProps({
          accept: Object.entries(ACCEPTED_UPLOAD_TYPES)
            .flatMap(([type, exts]) => [type, ...exts])
            .join(","),
        })}
        aria-label="Choose files to upload"
        data-testid="file-input"
      />
      <UploadIcon className="dropzone__icon" />
      <p className="dropzone__title">{isDragActive ? "Drop to upload" : "Drop documents here, or click to choose"}</p>
      <p className="muted">PDF, PNG, JPEG, WebP or TIFF · up to {MAX_UPLOAD_MB} MB each</p>
    </div>
  );
}
