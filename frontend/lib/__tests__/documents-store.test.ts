import { describe, expect, it } from "vitest";
import { documentsReducer, initialDocumentsState, sortedDocuments } from "@/lib/documents-store";
import { makeDoc } from "@/test/fakes";

describe("documentsReducer", () => {
  it("keeps a row the feed delivered after a list fetch started, even if the list lacks it", () => {
    const fetchStartedAt = initialDocumentsState.seq;
    const justUploaded = makeDoc();
    let state = documentsReducer(initialDocumentsState, { type: "upsert", row: justUploaded });
    state = documentsReducer(state, { type: "snapshot", rows: [], startedAtSeq: fetchStartedAt });
    expect(sortedDocuments(state).map((d) => d.id)).toEqual([justUploaded.id]);
  });

  it("drops rows a newer list no longer has", () => {
    const gone = makeDoc();
    let state = documentsReducer(initialDocumentsState, { type: "upsert", row: gone });
    state = documentsReducer(state, { type: "snapshot", rows: [], startedAtSeq: state.seq });
    expect(sortedDocuments(state)).toEqual([]);
    expect(state.loaded).toBe(true);
  });

  it("prefers the newer version when a stale list arrives after a live update", () => {
    const doc = makeDoc({ status: "processing", updated_at: "2026-01-01T10:00:01Z" });
    let state = documentsReducer(initialDocumentsState, {
      type: "upsert",
      row: { ...doc, status: "ocr_complete", updated_at: "2026-01-01T10:00:02Z" },
    });
    state = documentsReducer(state, { type: "snapshot", rows: [doc], startedAtSeq: 0 });
    expect(sortedDocuments(state)[0]!.status).toBe("ocr_complete");
  });

  it("sorts newest first across timestamp styles", () => {
    const older = makeDoc({ created_at: "2026-01-01T10:00:00.5+00:00" });
    const newer = makeDoc({ created_at: "2026-01-01T10:00:00.6Z" });
    const state = documentsReducer(initialDocumentsState, { type: "snapshot", rows: [older, newer], startedAtSeq: 0 });
    expect(sortedDocuments(state).map((d) => d.id)).toEqual([newer.id, older.id]);
  });
});
