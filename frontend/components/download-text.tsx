"use client";
import { useState } from "react";
import { ApiError } from "@/lib/api/errors";
import { downloadText } from "@/lib/api/search";
import { useAuth } from "./auth-provider";

/** Download the document's OCR text as Markdown (as extracted) or plain text. */
export function DownloadText({ id }: { id: string }) {
  const { api } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const get = async (format: "markdown" | "text") => {
    setError(null);
    try {
      await downloadText(api, id, format);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "The download failed.");
    }
  };
  return (
    <div className="downloads">
      <button type="button" className="button button--ghost button--small" onClick={() => void get("markdown")}>
        Download .md
      </button>
      <button type="button" className="button button--ghost button--small" onClick={() => void get("text")}>
        Download .txt
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
