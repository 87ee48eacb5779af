/**
 * A small Server-Sent Events reader over `fetch`.
 *
 * Why not `EventSource`: it cannot send an `Authorization` header or a POST body, and both of our
 * streams need one or the other (the change feed needs the bearer token; metadata regeneration is
 * a POST). Parsing follows the WHATWG event-stream rules that matter here: `event:`, multi-line
 * `data:`, comment lines (`: ping` heartbeats) and CR/LF/CRLF line endings.
 */
export interface SseMessage {
  event: string;
  data: string;
}

export async function readSseStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let eventName = "";
  let dataLines: string[] = [];

  const dispatch = () => {
    if (dataLines.length > 0 || eventName) {
      onMessage({ event: eventName || "message", data: dataLines.join("\n") });
    }
    eventName = "";
    dataLines = [];
  };

  const processLine = (line: string) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return; // comment / heartbeat
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") eventName = value;
    else if (field === "data") dataLines.push(value);
    // `id` and `retry` are not used by our streams.
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      // Keep a trailing "\r" in the buffer: it may be the first half of a CRLF pair.
      let match: RegExpExecArray | null;
      const lineBreak = /\r\n|\n|\r(?=[^\n])/g;
      let consumed = 0;
      while ((match = lineBreak.exec(buffer)) !== null) {
        processLine(buffer.slice(consumed, match.index));
        consumed = match.index + match[0].length;
      }
      buffer = buffer.slice(consumed);
    }
    buffer += decoder.decode();
    if (buffer) processLine(buffer.replace(/\r$/, ""));
  } finally {
    reader.releaseLock();
  }
}
