import Link from "next/link";
import type { DocumentRow } from "@/lib/api/types";
import { cardFacts, type Fact, fact, FACT_LABELS, FACT_NAMES, type FactName, formatFact } from "@/lib/facts";

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

/** Every fact with where it was read: "page 2: «Total due: 1,234.50 EUR»", the page opening
 * the document there (`?page=N`); a fact a person set says so. */
export function FactList({ doc }: { doc: DocumentRow }) {
  const present = FACT_NAMES.flatMap((name) => {
    const found = fact(doc, name);
    return found ? [{ name, found }] : [];
  });
  if (!present.length) return <p className="muted">No facts were found in this document.</p>;
  return (
    <dl className="facts" aria-label="Facts">
      {present.map(({ name, found }) => (
        <div key={name} className="facts__row" data-fact={name}>
          <dt>{FACT_LABELS[name]}</dt>
          <dd>
            <span className="facts__value">
              {filterHref(name, found) ? (
                <Link href={filterHref(name, found)!} title="Show every document with this">
                  {formatFact(name, found)}
                </Link>
              ) : (
                formatFact(name, found)
              )}
            </span>
            {found.source === "person" ? (
              <span className="facts__source muted"> · set by you</span>
            ) : found.page != null && found.quote ? (
              <span className="facts__source muted">
                {" · "}
                <Link href={`/documents/${doc.id}?page=${found.page}`} aria-label={`Open at page ${found.page}`}>
                  page {found.page}
                </Link>
                : «{found.quote}»
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
