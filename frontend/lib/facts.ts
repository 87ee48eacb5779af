/**
 * A document's facts (type, sender, date, total, reference, due date) as people read them.
 * Each fact carries the page and the words it was read from; a fact a person set carries
 * neither. A fact a person removed is stored with a null value (the change feed carries it
 * so): it is absent here, like a fact the document does not carry.
 */
import type { components } from "./api/schema";
import type { DocumentRow } from "./api/types";
import { DOCUMENT_TYPES } from "./list-query";

export type Fact = components["schemas"]["FactValue"];
export type FactName = keyof components["schemas"]["DocumentFacts"];
export type FactTotal = components["schemas"]["FactTotal"];

/** In the order a person reads them. */
export const FACT_NAMES: readonly FactName[] = [
  "document_type",
  "correspondent",
  "document_date",
  "total",
  "reference",
  "due_date",
];

export const FACT_LABELS: Record<FactName, string> = {
  document_type: "Type",
  correspondent: "From",
  document_date: "Date",
  total: "Amount",
  reference: "Reference",
  due_date: "Due",
};


/** The fact, or null when the document has none (or a person removed it). */
export function fact(doc: Pick<DocumentRow, "facts">, name: FactName): Fact | null {
  const found = doc.facts?.[name];
  return found && found.value != null ? found : null;
}

function isTotal(value: Fact["value"]): value is FactTotal {
  return typeof value === "object" && value !== null && "amount" in value;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** "14 Mar 2026", "€1,234.50", "Invoice": the fact's value for people. */
export function formatFact(name: FactName, found: Fact): string {
  const value = found.value;
  if (isTotal(value)) {
    const amount = Number(value.amount);
    if (!Number.isFinite(amount)) return `${value.amount} ${value.currency}`;
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: value.currency }).format(amount);
    } catch {
      return `${value.amount} ${value.currency}`;
    }
  }
  if (name === "document_type") return (DOCUMENT_TYPES as Record<string, string>)[value] ?? value;
  if ((name === "document_date" || name === "due_date") && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
  }
  return value;
}

/** The facts a card shows, in order: type, sender, date, amount (those present). */
export function cardFacts(doc: Pick<DocumentRow, "facts">): { name: FactName; text: string }[] {
  const names: FactName[] = ["document_type", "correspondent", "document_date", "total"];
  return names.flatMap((name) => {
    const found = fact(doc, name);
    return found ? [{ name, text: formatFact(name, found) }] : [];
  });
}
