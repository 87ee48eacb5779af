/**
 * Postgres timestamps carry microseconds, and the API and the change feed print them in
 * different ISO styles ("…Z" vs "…+00:00"). `Date.parse` keeps only milliseconds, which would make
 * two updates in the same millisecond look equal, so compare microseconds since the epoch.
 */
export function timestampMicros(value: string): number {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(value);
  if (!match) return Date.parse(value) * 1000;
  const [, head, fraction = "", zone] = match;
  const seconds = Date.parse(`${head}${zone || "Z"}`);
  const micros = Number((fraction + "000000").slice(0, 6));
  return seconds * 1000 + micros;
}

export function isOlder(candidate: string, current: string): boolean {
  return timestampMicros(candidate) < timestampMicros(current);
}
