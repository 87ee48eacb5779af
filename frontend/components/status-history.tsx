import type { StatusObservation } from "@/hooks/use-status-history";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** What this browser watched the document go through since the page opened. */
export function StatusHistory({ entries }: { entries: StatusObservation[] }) {
  if (entries.length === 0) return <p className="muted">Nothing observed yet.</p>;
  return (
    <ol className="history">
      {entries.map((entry, index) => (
        <li key={index}>
          <time dateTime={new Date(entry.at).toISOString()}>{timeFormat.format(entry.at)}</time> {entry.label}
        </li>
      ))}
    </ol>
  );
}
