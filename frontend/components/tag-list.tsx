import Link from "next/link";

/** A document's tags; each links to the list filtered by it (`/?tag=…`). */
export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag} className="tag">
          <Link href={`/?tag=${encodeURIComponent(tag)}`} title={`Show only documents tagged ${tag}`}>
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
