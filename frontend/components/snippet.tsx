import type { SnippetPart } from "@/lib/api/types";

/**
 * A search snippet with the matched words marked. The parts are plain text from the API (the
 * server splits at its own match delimiters), rendered as text nodes: nothing in a document's
 * OCR text can become markup.
 */
export function Snippet({ parts }: { parts: SnippetPart[] | null | undefined }) {
  if (!parts?.length) return null;
  return (
    <p className="snippet">
      {parts.map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </p>
  );
}
