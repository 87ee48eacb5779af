import { describe, expect, it } from "vitest";
import type { UploadItem } from "@/hooks/use-uploads";
import { cardsFor } from "@/lib/cards";
import { makeDoc } from "@/test/fakes";

const item = (overrides: Partial<UploadItem>): UploadItem => ({
  localId: "upload-x",
  batchId: 1,
  name: "scan.pdf",
  size: 10,
  progress: 1,
  phase: "sent",
  after: "2026-01-01T10:00:00+00:00",
  ...overrides,
});

describe("cardsFor: one card per file", () => {
  it("hides the server's row that must be this upload until the upload's answer names it", () => {
    const old = makeDoc({ filename: "scan.pdf", created_at: "2025-12-31T10:00:00+00:00" });
    const fresh = makeDoc({ filename: "scan.pdf", created_at: "2026-01-01T10:00:01+00:00" });
    const cards = cardsFor([fresh, old], [item({})]);
    expect(cards.map((c) => c.kind)).toEqual(["upload", "document"]);
    expect(cards[0]).toMatchObject({ kind: "upload", stored: { id: fresh.id } });
    expect(cards[1]).toMatchObject({ doc: { id: old.id } }); // an older file of the same name stays
  });

  it("shows the document's card instead of the upload's once the answer arrived and the row is listed", () => {
    const doc = makeDoc({ filename: "scan.pdf", created_at: "2026-01-01T10:00:01+00:00" });
    expect(cardsFor([doc], [item({ phase: "accepted", documentId: doc.id })]).map((c) => c.kind)).toEqual(["document"]);
    // Answered but not listed yet: the upload card stays (no gap, no double).
    expect(cardsFor([], [item({ phase: "accepted", documentId: doc.id })]).map((c) => c.kind)).toEqual(["upload"]);
  });

  it("pairs two uploads of the same name with two different rows", () => {
    const a = makeDoc({ filename: "scan.pdf", created_at: "2026-01-01T10:00:01+00:00" });
    const b = makeDoc({ filename: "scan.pdf", created_at: "2026-01-01T10:00:02+00:00" });
    const cards = cardsFor([b, a], [item({ localId: "u1" }), item({ localId: "u2" })]);
    expect(cards.map((c) => c.kind)).toEqual(["upload", "upload"]);
  });
});
