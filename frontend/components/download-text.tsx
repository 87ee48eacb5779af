"use client";
import { useAction } from "@/hooks/use-action";
import { saveFile } from "@/lib/download";
import { useAuth } from "./auth-provider";

/** Download the document's OCR text as Markdown (as extracted) or plain text. */
export function DownloadText({ id }: { id: string }) {
  const { api } = useAuth();
  const { error, run } = useAction("The download failed.");
  const get = (format: "markdown" | "text") => run(async () => saveFile(await api.downloadText(id, format)));
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
