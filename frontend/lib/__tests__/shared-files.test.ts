import { describe, expect, it } from "vitest";
import { MAX_FILES, TTL_MS, holdFiles, takeFiles } from "@/lib/shared-files";

const file = (name: string, bytes = 10) => new File([new Uint8Array(bytes)], name, { type: "application/pdf" });

describe("files shared to the app", () => {
  it("are picked up once, by their id", () => {
    const held = holdFiles([file("a.pdf"), file("b.pdf")]);
    if (!("id" in held)) throw new Error(held.problem);
    expect(takeFiles(held.id)?.map((f) => f.name)).toEqual(["a.pdf", "b.pdf"]);
    expect(takeFiles(held.id)).toBeNull();
  });

  it("are gone after the time they are kept", () => {
    const now = 1_000_000;
    const held = holdFiles([file("late.pdf")], now);
    if (!("id" in held)) throw new Error(held.problem);
    expect(takeFiles(held.id, now + TTL_MS + 1)).toBeNull();
  });

  it("refuse an empty share and too many files", () => {
    expect(holdFiles([])).toEqual({ problem: "none" });
    expect(holdFiles(Array.from({ length: MAX_FILES + 1 }, (_, i) => file(`${i}.pdf`)))).toEqual({ problem: "too-many" });
  });
});
