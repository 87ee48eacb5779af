"use client";
import { useId, useState } from "react";
import type { DocumentRow, OcrLanguage } from "@/lib/api/types";
import { useClientConfig } from "./config-provider";
import { RetryIcon } from "./icons";

/**
 * The language a document's scans are read in, chosen by a person (issue 22): next to Retry on a
 * failed document ("Find it" keeps the per-page detection), and on a processed one as "Read again
 * in …" (its text came out in the wrong language). The choices are the server's
 * (`ClientConfig.ocr_languages`); the caller shows it only when there are some.
 */
export function ReadAgain({
  doc,
  busy,
  onRead,
}: {
  doc: Pick<DocumentRow, "status" | "language">;
  busy: boolean;
  onRead: (language: OcrLanguage | undefined) => void;
}) {
  const { config } = useClientConfig();
  const languages = config?.ocr_languages ?? [];
  const failed = doc.status === "failed";
  const fallback = failed ? "" : (languages.find((l) => l.code !== doc.language)?.code ?? "");
  const [code, setCode] = useState<string | null>(null);
  const id = useId();
  const chosen = code ?? fallback;
  const language = languages.find((l) => l.code === chosen);
  return (
    <div className="read-again">
      <label htmlFor={id}>{failed ? "Language" : "Read again in"}</label>
      <select id={id} value={chosen} onChange={(event) => setCode(event.target.value)} disabled={busy}>
        {failed && <option value="">Find it on each page</option>}
        {languages.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </select>
      {failed ? (
        <button type="button" className="button" onClick={() => onRead(language)} disabled={busy} aria-busy={busy}>
          <RetryIcon /> {busy ? "Retrying…" : language ? `Retry in ${language.name}` : "Retry"}
        </button>
      ) : (
        <button type="button" className="button button--ghost" onClick={() => onRead(language)} disabled={busy || !language} aria-busy={busy}>
          <RetryIcon /> {busy ? "Reading again…" : "Read again"}
        </button>
      )}
    </div>
  );
}
