"use client";
import { useEffect, useId, useState } from "react";
import { ApiError } from "@/lib/api/errors";

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
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  const save = async () => {
    if (draft === value) return setEditing(false);
    setSaving(true);
    setError(null);
    try {
      await onSave(draft);
      setEditing(false);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.detail : "Could not save.");
    } finally {
      setSaving(false);
    }
  };
  const cancel = () => {
    setDraft(value);
    setError(null);
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
        <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)} aria-label={`Edit ${label.toLowerCase()}`}>
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
