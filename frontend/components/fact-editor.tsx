"use client";
import { useId, useState } from "react";
import { useAction } from "@/hooks/use-action";
import { draftOf, type Fact, FACT_LABELS, type FactInput, type FactName, valueFromDraft } from "@/lib/facts";
import { DOCUMENT_TYPES } from "@/lib/list-query";

/** How the Edit button names each fact ("Edit sender", not "Edit from"). */
export const FACT_EDIT_NAMES: Record<FactName, string> = {
  document_type: "type",
  correspondent: "sender",
  document_date: "date",
  total: "amount",
  reference: "reference",
  due_date: "due date",
};

/**
 * One fact's form: the type from the fixed list, a date picker for dates, amount and currency
 * for the total, text for the sender and the reference. Saving sends the value (Remove sends
 * null) through the caller's PATCH; the fact is then the person's (`source: person`), which no
 * generation replaces. A value the API cannot take is explained here, before any request.
 */
export function FactEditor({
  name,
  found,
  onSave,
  onDone,
}: {
  name: FactName;
  found: Fact | null;
  onSave: (value: FactInput) => Promise<void>;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(name, found));
  const [invalid, setInvalid] = useState<string | null>(null);
  const { busy, error, run } = useAction("Could not save.");
  const id = useId();
  const label = FACT_LABELS[name];

  const submit = async (value: FactInput) => {
    if (await run(() => onSave(value))) onDone();
  };
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = valueFromDraft(name, draft);
    if ("error" in checked) return setInvalid(checked.error);
    setInvalid(null);
    void submit(checked.value);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") onDone();
  };
  const set = (field: keyof typeof draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [field]: event.target.value });

  return (
    <form className="fact-form" onSubmit={save} onKeyDown={onKeyDown} aria-label={`Edit ${FACT_EDIT_NAMES[name]}`}>
      {name === "document_type" ? (
        <select id={id} aria-label={label} value={draft.value} onChange={set("value")} disabled={busy} autoFocus className="editable__input">
          {Object.entries(DOCUMENT_TYPES).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      ) : name === "total" ? (
        <span className="fact-form__total">
          <input aria-label="Amount" inputMode="decimal" value={draft.amount} onChange={set("amount")} disabled={busy} autoFocus className="editable__input" />
          <input aria-label="Currency" value={draft.currency} onChange={set("currency")} disabled={busy} maxLength={3} size={4} className="editable__input" />
        </span>
      ) : (
        <input
          id={id}
          aria-label={label}
          type={name === "document_date" || name === "due_date" ? "date" : "text"}
          value={draft.value}
          onChange={set("value")}
          disabled={busy}
          autoFocus
          className="editable__input"
        />
      )}
      <span className="actions">
        <button type="submit" className="button button--small" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        {found && (
          <button type="button" className="button button--ghost button--small" onClick={() => void submit(null)} disabled={busy}>
            Remove
          </button>
        )}
      </span>
      {(invalid ?? error) && (
        <p className="error-text" role="alert">
          {invalid ?? error}
        </p>
      )}
    </form>
  );
}
