import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/** OCR output is markdown (headings, tables from Mistral; plain paragraphs locally). Raw HTML is not rendered. */
export function OcrText({ text }: { text: string }) {
  if (!text.trim()) return <p className="muted">No text was found in this document.</p>;
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]}>{text}</ReactMarkdown>
    </div>
  );
}
