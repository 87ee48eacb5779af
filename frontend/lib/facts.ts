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

function isTotal(value: Fact["value"] | undefined): value is FactTotal {
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

/** What a person types into a fact's form: the value, or for the total its amount and currency. */
export interface FactDraft {
  value: string;
  amount: string;
  currency: string;
}

/** What `PATCH /api/documents/{id}` takes for one fact: its value, or null to remove it. */
export type FactInput = string | FactTotal | null;

/** The form's starting point: the fact's value as a person would type it. */
export function draftOf(name: FactName, found: Fact | null): FactDraft {
  const value = found?.value;
  if (isTotal(value)) return { value: "", amount: value.amount, currency: value.currency };
  if (typeof value === "string") return { value, amount: "", currency: "" };
  return { value: name === "document_type" ? "invoice" : "", amount: "", currency: "EUR" };
}

/** "1.234,56", "1,234.56", "1234.5" → "1234.56"-style decimal string; null for anything else. */
export function normaliseAmount(text: string): string | null {
  let s = text.replace(/[\s\u00a0\u202f']/g, "");
  if (!/^-?[\d.,]+$/.test(s)) return null;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? "." : ",";
    s = s.split(decimal === "." ? "," : ".").join("").replace(",", ".");
  } else if (lastComma >= 0) {
    // "12,50" is a decimal comma; "1,250" (three digits after) groups thousands.
    s = /,\d{1,2}$/.test(s) && s.indexOf(",") === lastComma ? s.replace(",", ".") : s.split(",").join("");
  } else if (lastDot >= 0 && s.indexOf(".") !== lastDot) {
    s = s.split(".").join(""); // "1.234.567" groups thousands
  }
  return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The draft as the API's value, or why it cannot be one (in words for the person). */
export function valueFromDraft(name: FactName, draft: FactDraft): { value: FactInput } | { error: string } {
  if (name === "total") {
    const amount = normaliseAmount(draft.amount);
    if (amount === null) return { error: "Type the amount as a number, e.g. 1234.56." };
    const currency = draft.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) return { error: "Type the currency as three letters, e.g. EUR." };
    return { value: { amount, currency } };
  }
  const value = draft.value.trim();
  if (name === "document_type") {
    return Object.hasOwn(DOCUMENT_TYPES, value) ? { value } : { error: "Choose a type from the list." };
  }
  if (name === "document_date" || name === "due_date") {
    return isIsoDate(value) ? { value } : { error: "Choose a date." };
  }
  if (!value) return { error: "Type a value, or remove the fact." };
  return { value };
}
