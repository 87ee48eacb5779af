"use client";
import Link from "next/link";
import { useState } from "react";
import type { DocumentRow } from "@/lib/api/types";
import {
  cardFacts,
  type Fact,
  fact,
  type FactInput,
  FACT_LABELS,
  FACT_NAMES,
  type FactName,
  formatFact,
} from "@/lib/facts";
import { FACT_EDIT_NAMES, FactEditor } from "./fact-editor";

/** The type and the sender are filters of the list (`?type=`, `?correspondent=`). */
function filterHref(name: FactName, found: Fact): string | null {
  if (typeof found.value !== "string") return null;
  if (name === "document_type") return `/?${new URLSearchParams({ type: found.value })}`;
  if (name === "correspondent") return `/?${new URLSearchParams({ correspondent: found.value })}`;
  return null;
}

/** One line on a card: "Invoice · ACME Widgets Ltd · 14 Mar 2026 · €1,234.50". */
export function CardFacts({ doc }: { doc: DocumentRow }) {
  const shown = cardFacts(doc);
  if (!shown.length) return null;
  return (
    <p className="card__facts" data-testid="card-facts">
      {shown.map(({ name, text }, i) => (
        <span key={name} data-fact={name} title={FACT_LABELS[name]}>
          {i > 0 && " · "}
          {text}
        </span>
      ))}
    </p>
  );
}

/** Where a fact came from: "set by you", or its page (opening the document there) and its
 * words, and why when the words alone do not say ("You filed ACME as receipt before"). */
function FactSource({ doc, found }: { doc: DocumentRow; found: Fact }) {
  if (found.source === "person") return <span className="facts__source muted"> · set by you</span>;
  if (found.page == null || !found.quote) return null;
  return (
    <span className="facts__source muted">
      {" · "}
      <Link href={`/documents/${doc.id}?page=${found.page}`} aria-label={`Open at page ${found.page}`}>
        page {found.page}
      </Link>
      : «{found.quote}»{found.note ? ` · ${found.note}` : ""}
    </span>
  );
}

/** Every fact with where it was read: "page 2: «Total due: 1,234.50 EUR»", the page opening
 * the document there (`?page=N`); a fact a person set says so. With `onSave` (the detail
 * page) every fact, present or not, has an Edit button and a form (`FactEditor`). */
export function FactList({
  doc,
  onSave,
}: {
  doc: DocumentRow;
  onSave?: (name: FactName, value: FactInput) => Promise<void>;
}) {
  const [editing, setEditing] = useState<FactName | null>(null);
  const rows = FACT_NAMES.flatMap((name) => {
    const found = fact(doc, name);
    return found || onSave ? [{ name, found }] : [];
  });
  if (!rows.some((row) => row.found) && !onSave) return <p className="muted">No facts were found in this document.</p>;
  return (
    <dl className="facts" aria-label="Facts">
      {rows.map(({ name, found }) => (
        <div key={name} className="facts__row" data-fact={name}>
          <dt>{FACT_LABELS[name]}</dt>
          <dd>
            {editing === name && onSave ? (
              <FactEditor name={name} found={found} onSave={(value) => onSave(name, value)} onDone={() => setEditing(null)} />
            ) : (
              <>
                <span className={`facts__value${found ? "" : " muted"}`}>
                  {!found ? (
                    "—"
                  ) : filterHref(name, found) ? (
                    <Link href={filterHref(name, found)!} title="Show every document with this">
                      {formatFact(name, found)}
                    </Link>
                  ) : (
                    formatFact(name, found)
                  )}
                </span>
                {found && <FactSource doc={doc} found={found} />}
                {onSave && (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => setEditing(name)}
                      aria-label={`Edit ${FACT_EDIT_NAMES[name]}`}
                    >
                      Edit
                    </button>
                  </>
                )}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
