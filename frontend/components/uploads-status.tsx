"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useOptionalUploadsContext } from "./uploads-provider";

/**
 * Uploads carry on while a person reads a document (the manager lives above the routes); away
 * from the list, where their cards are, this line says they are still going.
 */
export function UploadsStatus() {
  const uploads = useOptionalUploadsContext();
  const pathname = usePathname();
  if (!uploads || pathname === "/") return null;
  const inFlight = uploads.items.filter((item) => item.phase === "sending" || item.phase === "sent");
  if (inFlight.length === 0) return null;
  const sent = inFlight.reduce((sum, item) => sum + item.size * item.progress, 0);
  const size = inFlight.reduce((sum, item) => sum + item.size, 0);
  const percent = size > 0 ? Math.round((sent / size) * 100) : 0;
  return (
    <div className="uploads-status" role="status" data-testid="uploads-status">
      <span>
        Uploading {inFlight.length} file{inFlight.length === 1 ? "" : "s"} · {percent} %
      </span>
      <Link href="/">See uploads</Link>
    </div>
  );
}
