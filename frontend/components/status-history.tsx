import type { TimelineEntry } from "@/lib/api/types";

const when = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * An event in words. `first` is whether it is the document's first event: a later `uploading`
 * is a Retry (or a recovery) queueing it again, not a new upload. `attempt` counts automatic
 * recoveries since the upload or the last Retry.
 */
export function timelineLabel(entry: TimelineEntry, first = false): string {
  const again = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : "";
  switch (entry.event) {
    case "uploading":
      return first ? "Uploaded" : `Queued again${again}`;
    case "processing":
      return `Text extraction started${again}`;
    case "ocr_complete":
      return "Text extracted";
    case "failed":
      return `Failed${entry.message ? `: ${entry.message}` : ""}`;
    case "metadata_generating":
      return "Writing a title, tags and summary";
    case "metadata_complete":
      return "Title, tags and summary saved";
    case "metadata_failed":
      return `Title, tags and summary failed${entry.message ? `: ${entry.message}` : ""}`;
  }
}

/** The stored timeline, oldest first, with the server's times. */
export function StatusHistory({ entries, failed }: { entries: TimelineEntry[] | null; failed?: boolean }) {
  if (failed) return <p className="muted">The history could not be loaded.</p>;
  if (entries === null) return <p className="muted">Loading…</p>;
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="history" aria-label="Status history">
      {entries.map((entry, index) => (
        <li key={index} data-event={entry.event}>
          <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time> {timelineLabel(entry, index === 0)}
        </li>
      ))}
    </ol>
  );
}
