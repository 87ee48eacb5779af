"use client";
import { useId, useState } from "react";
import { useAction } from "@/hooks/use-action";

/**
 * A value shown as text with an Edit button; editing happens in place. Enter saves a one-line
 * field (Ctrl/Cmd+Enter a multi-line one), Escape cancels. An "edited" mark says a person wrote
 * the value, so generated metadata will not replace it without asking.
 */
export function EditableField({
  label,
  value,
  edited,
  multiline = false,
  placeholder = "—",
  hint,
  display,
  onSave,
}: {
  label: string;
  value: string;
  edited: boolean;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  /** How the value looks when not editing (default: the text itself). */
  display?: React.ReactNode;
  onSave: (value: string) => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const { busy: saving, error, run, clearError } = useAction("Could not save.");
  const inputId = useId();

  // The draft starts from the value shown when editing starts.
  const startEditing = () => {
    setDraft(value);
    setEditing(true);
  };

  const save = async () => {
    if (draft === value) return setEditing(false);
    if (await run(() => onSave(draft))) setEditing(false);
  };
  const cancel = () => {
    setDraft(value);
    clearError();
    setEditing(false);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") cancel();
    else if (event.key === "Enter" && (!multiline || event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void save();
    }
  };

  if (!editing) {
    return (
      <div className="editable">
        <span className="editable__label">{label}</span>
        <span className={`editable__value${value ? "" : " muted"}`} data-testid={`value-${label}`}>
          {value ? (display ?? value) : placeholder}
        </span>
        {edited && (
          <span className="editable__mark" title="You edited this; regenerating asks before replacing it">
            edited
          </span>
        )}
        <button type="button" className="button button--ghost button--small" onClick={startEditing} aria-label={`Edit ${label.toLowerCase()}`}>
          Edit
        </button>
      </div>
    );
  }
  const shared = {
    id: inputId,
    value: draft,
    disabled: saving,
    autoFocus: true,
    onKeyDown,
    className: "editable__input",
    "aria-describedby": hint ? `${inputId}-hint` : undefined,
  };
  return (
    <div className="editable editable--editing">
      <label htmlFor={inputId} className="editable__label">
        {label}
      </label>
      {multiline ? (
        <textarea {...shared} rows={4} onChange={(event) => setDraft(event.target.value)} />
      ) : (
        <input {...shared} type="text" onChange={(event) => setDraft(event.target.value)} />
      )}
      {hint && (
        <span id={`${inputId}-hint`} className="muted">
          {hint}
        </span>
      )}
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => void save()} disabled={saving}>
          Save
        </button>
        <button type="button" className="button button--ghost button--small" onClick={cancel} disabled={saving}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
