import { FileIcon } from "./icons";

export function EmptyState() {
  return (
    <div className="empty">
      <FileIcon className="empty__icon" />
      <h2>No documents yet</h2>
      <p className="muted">Drop a PDF or a photo of a page above. Text, a name, tags and a summary follow on their own.</p>
    </div>
  );
}
