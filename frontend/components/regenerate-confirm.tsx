const FIELD_NAMES: Record<string, string> = { display_name: "title", tags: "tags", summary: "summary" };

/**
 * Asked before Regenerate when the person edited some metadata: replace their edits, keep them
 * (only the other fields are regenerated), or do nothing.
 */
export function RegenerateConfirm({
  fields,
  onChoose,
}: {
  fields: string[];
  onChoose: (replaceEdited: boolean | null) => void;
}) {
  const names = fields.map((field) => FIELD_NAMES[field] ?? field).join(", ");
  return (
    <div className="notice" role="alertdialog" aria-labelledby="regenerate-confirm-text">
      <p id="regenerate-confirm-text">You edited the {names}. Replace your edits with newly generated ones?</p>
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => onChoose(false)}>
          Keep my edits
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => onChoose(true)}>
          Replace my edits
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => onChoose(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
