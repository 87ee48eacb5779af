/** Tags as buttons: pressing one filters the list by it (pressing the active one clears it). */
export function TagChips({
  tags,
  active,
  onSelect,
}: {
  tags: string[];
  active?: string | null;
  onSelect: (tag: string | null) => void;
}) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <button
            type="button"
            className={`tag tag--button${tag === active ? " tag--active" : ""}`}
            aria-pressed={tag === active}
            onClick={() => onSelect(tag === active ? null : tag)}
            title={tag === active ? `Stop filtering by ${tag}` : `Show only documents tagged ${tag}`}
          >
            {tag}
          </button>
        </li>
      ))}
    </ul>
  );
}
