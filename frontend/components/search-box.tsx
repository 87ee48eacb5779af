"use client";
import { useEffect, useRef, useState } from "react";

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search input. Typing is debounced before `onSearch` (which puts the query in the URL);
 * a query changed from outside (back button, a shared link) shows up in the box.
 */
export function SearchBox({
  value,
  onSearch,
  delayMs = SEARCH_DEBOUNCE_MS,
}: {
  value: string;
  onSearch: (q: string) => void;
  delayMs?: number;
}) {
  const [text, setText] = useState(value);
  const sent = useRef(value);

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearch(text);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs, onSearch]);

  return (
    <form className="search" role="search" onSubmit={(event) => event.preventDefault()}>
      <label htmlFor="document-search" className="visually-hidden">
        Search documents
      </label>
      <input
        id="document-search"
        type="search"
        className="search__input"
        placeholder='Search text, titles and tags — "exact phrase", or, -word'
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoComplete="off"
      />
    </form>
  );
}
