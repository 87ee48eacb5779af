import { describe, expect, it } from "vitest";
import { readSseStream, type SseMessage } from "@/lib/sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  await readSseStream(streamOf(chunks), (message) => messages.push(message));
  return messages;
}

describe("readSseStream", () => {
  it("parses named events, skips heartbeats and joins multi-line data", async () => {
    expect(await collect([": ping\n\nevent: change\ndata: {\"a\":1}\n\ndata: line 1\ndata: line 2\n\n"])).toEqual([
      { event: "change", data: '{"a":1}' },
      { event: "message", data: "line 1\nline 2" },
    ]);
  });

  it("handles events split across chunks and CRLF line endings", async () => {
    expect(await collect(["event: sta", "tus\r", "\ndata: {\"message\":\"hi\"}\r\n", "\r\n"])).toEqual([
      { event: "status", data: '{"message":"hi"}' },
    ]);
  });

  it("dispatches an event that has a name but no data (like `ready`)", async () => {
    expect(await collect(["event: ready\n\n"])).toEqual([{ event: "ready", data: "" }]);
  });
});
