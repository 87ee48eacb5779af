import { describe, expect, it } from "vitest";

import { failureHint, needsNewFile } from "@/lib/document-status";

describe("failureHint", () => {
  it("says a document the processing queue never took is not the file's fault", () => {
    const row = { error_code: "dispatch_failed" as const };
    expect(needsNewFile(row)).toBe(false);
    const hint = failureHint(row);
    expect(hint).toMatch(/Nothing is wrong with the file/);
    expect(hint).toMatch(/Retry in a while/);
    expect(hint).toMatch(/administrator/);
  });

  it("still asks for a new copy when the file itself is the problem", () => {
    expect(failureHint({ error_code: "corrupt_file" })).toMatch(/Upload a new copy/);
  });
});
