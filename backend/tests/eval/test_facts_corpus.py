"""eval/facts: the corpus keeps the promises of issue 26 item 8 and of its README.

The reference file is checked for shape and for the counts the issue asks for; the split is
the recorded one-time seeded split; the variants are deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain import LayoutHints
from eval.facts.corpus import (
    DOCUMENT_TYPES,
    FACT_NAMES,
    HERE,
    VARIANTS,
    document_path,
    load_references,
    original_entries,
    round_batches,
    round_seed,
    select,
    select_round,
    stratified_split,
)
from eval.facts.variants import variant_file

ENTRIES = load_references()
INVOICE_KINDS = {"invoice", "receipt"}


def test_the_corpus_is_as_large_and_varied_as_the_issue_asks() -> None:
    assert len(ENTRIES) >= 60
    assert len({e["language"] for e in ENTRIES}) >= 5
    invoices = [e for e in ENTRIES if e["kind"] in INVOICE_KINDS]
    assert len(invoices) >= 25
    # (a receipt torn so that its shop is cut off names no issuer)
    issuers = {e["facts"]["correspondent"][0] for e in invoices if "correspondent" in e["facts"]}
    assert len(issuers) >= 15
    assert len({e["kind"] for e in ENTRIES} - INVOICE_KINDS) >= 5
    assert {"scan", "photo"} <= {v for e in ENTRIES for v in e["variants"]}


def _issuers(entries: list[dict[str, Any]]) -> set[str]:
    """The issuers (first spelling of each correspondent, folded to lower case) of entries."""
    return {
        e["facts"]["correspondent"][0].lower() for e in entries if "correspondent" in e["facts"]
    }


def test_round_6_widened_the_corpus_as_its_brief_asks() -> None:
    # issue 26, round 6: at least 45 new real documents from at least 20 issuers not in the
    # first corpus, in at least 6 languages, at least 20 of them invoices and receipts, and
    # at least 10 with both a scan and a photo variant
    first = original_entries(ENTRIES)
    new = [e for e in ENTRIES if e.get("round") == 6]
    later = [e for e in ENTRIES if e.get("round", 0) > 6]
    assert len(first) + len(new) + len(later) == len(ENTRIES)
    assert len(new) == 50
    first_issuers, new_issuers = _issuers(first), _issuers(new)
    assert len(new_issuers - first_issuers) >= 20
    assert len({e["language"] for e in new}) >= 6
    assert "es" in {e["language"] for e in new}
    assert len([e for e in new if e["kind"] in INVOICE_KINDS]) >= 20
    assert len([e for e in new if {"scan", "photo"} <= set(e["variants"])]) >= 10
    assert {e["split"] for e in new} == {"tune", "measure"}
    # a rendered document says so; every other one is the publisher's own file
    rendered = [e for e in new if e.get("filled_template")]
    assert all("rendered" in e["source"] for e in rendered)
    assert not [e for e in new if "rendered" in e["source"] and not e.get("filled_template")]


def test_round_7_added_the_kinds_and_issuers_the_corpus_lacked() -> None:
    # issue 26, round 7: real documents of the kinds the corpus had none of (bank
    # statements, payslips, letters, a utility bill, a medical record), invoices and receipts
    # from other countries and issuers (India, the UK, the US, France, Spain, the Netherlands,
    # Portugal), in at least 4 languages, every one from a permissively licensed repository
    before = [e for e in ENTRIES if e.get("round", 0) < 7]
    new = [e for e in ENTRIES if e.get("round") == 7]
    assert len(new) >= 20
    assert len({e["language"] for e in new}) >= 4
    kinds = Counter(e["kind"] for e in new)
    assert kinds["bank_statement"] >= 3 and kinds["payslip"] >= 3 and kinds["letter"] >= 3
    assert not {"bank_statement", "payslip", "letter"} & {e["kind"] for e in before}
    before_issuers, new_issuers = _issuers(before), _issuers(new)
    assert len(new_issuers - before_issuers) >= 15
    assert {e["split"] for e in new} == {"tune", "measure"}
    licences = ("MIT", "Apache-2.0", "BSD", "CC0", "CC-BY", "Public domain", "OGL")
    assert all(e["licence"].startswith(licences) for e in new), [e["id"] for e in new]
    assert not [e for e in new if "GPL" in e["licence"]]


def test_round_8_added_fresh_real_documents_in_batches() -> None:
    # issue 26, item 8 (round 8): fresh real documents from issuers and layouts the rules
    # were never tuned on, mostly invoices, receipts and statements, committed in batches of
    # at least 20, each from a permissively licensed repository (none from invoice2data)
    before = [e for e in ENTRIES if e.get("round", 0) < 8]
    new = [e for e in ENTRIES if e.get("round") == 8]
    batches = Counter(e["batch"] for e in new)
    assert sorted(batches) == [1, 2]
    assert all(n >= 20 for n in batches.values()), batches
    assert len(new) >= 40
    assert {"de", "en", "fr", "it"} <= {e["language"] for e in new}
    money = [e for e in new if e["kind"] in INVOICE_KINDS | {"bank_statement"}]
    assert len(money) * 3 >= len(new) * 2
    before_issuers, new_issuers = _issuers(before), _issuers(new)
    assert len(new_issuers - before_issuers) >= 20
    assert {e["split"] for e in new} == {"tune", "measure"}
    licences = ("MIT", "Apache-2.0", "BSD", "CC0", "CC-BY", "Public domain", "OGL", "WTFPL")
    assert all(e["licence"].startswith(licences) for e in new), [e["id"] for e in new]
    assert not [e for e in new if "GPL" in e["licence"]]


def test_round_9_added_fresh_real_invoices_in_one_batch() -> None:
    # issue 26, item 8 (round 9): fresh real invoices from issuers and layouts the rules were
    # never tuned on, in at least 5 languages, one batch split before anyone tuned on it; the
    # licence of each is recorded (AGPL-3.0 test data of the OCA repositories is data, named
    # as such), none from invoice2data. Fewer than the 20 asked for: see the README.
    before = [e for e in ENTRIES if e.get("round", 0) < 9]
    new = [e for e in ENTRIES if e.get("round") == 9]
    assert {e["batch"] for e in new} == {1}
    assert len(new) >= 7
    assert len({e["language"] for e in new}) >= 5
    assert all(e["kind"] in INVOICE_KINDS for e in new)
    before_issuers, new_issuers = _issuers(before), _issuers(new)
    assert len(new_issuers - before_issuers) >= 5
    assert {e["split"] for e in new} == {"tune", "measure"}
    licences = ("MIT", "Apache-2.0", "BSD", "AGPL-3.0")
    assert all(e["licence"].startswith(licences) for e in new), [e["id"] for e in new]
    copyleft = [e for e in new if "GPL" in e["licence"]]
    assert all("used here as data only" in e["licence"] for e in copyleft)


def test_round_11_added_fresh_real_invoices_and_receipts_in_one_batch() -> None:
    # issue 26, item 8 (round 11): fresh real invoices and receipts from issuers and layouts the
    # rules were never tuned on, at least 12, in at least 5 languages, one batch split before
    # anyone tuned on it, each from a permissively licensed repository (none from invoice2data)
    before = [e for e in ENTRIES if e.get("round", 0) < 11]
    new = [e for e in ENTRIES if e.get("round") == 11]
    assert {e["batch"] for e in new} == {1}
    assert len(new) >= 12
    assert len({e["language"] for e in new}) >= 5
    assert all(e["kind"] in INVOICE_KINDS for e in new)
    before_issuers, new_issuers = _issuers(before), _issuers(new)
    assert len(new_issuers - before_issuers) >= 8
    assert {e["split"] for e in new} == {"tune", "measure"}
    licences = ("MIT", "Apache-2.0", "ISC", "Public domain")
    assert all(e["licence"].startswith(licences) for e in new), [e["id"] for e in new]
    assert not [e for e in new if "GPL" in e["licence"]]


def test_no_document_carries_an_attachment() -> None:
    # an e-invoice's embedded XML (Factur-X, ZUGFeRD) would hand an engine the answers
    import pikepdf

    carrying = []
    for e in ENTRIES:
        with pikepdf.open(document_path(e)) as pdf:
            names = pdf.Root.get("/Names")
            if pdf.attachments or (names is not None and "/EmbeddedFiles" in names):
                carrying.append(e["id"])
    assert not carrying


def test_a_run_can_take_one_round_or_batch() -> None:
    from eval.facts.run import chosen

    batch = select_round(ENTRIES, 8, 1)
    assert batch and all(e["round"] == 8 and e["batch"] == 1 for e in batch)
    assert {e["id"] for e in select_round(ENTRIES, 8)} >= {e["id"] for e in batch}
    assert select_round(ENTRIES, None) == ENTRIES
    with pytest.raises(ValueError):
        select_round(ENTRIES, None, 1)
    tune = chosen(ENTRIES, "tune", [], 8, 1)
    assert tune and {e["id"] for e in tune} == {e["id"] for e in batch if e["split"] == "tune"}
    one = batch[0]["id"]
    assert [e["id"] for e in chosen(ENTRIES, "all", [one], 8, 1)] == [one]
    assert chosen(ENTRIES, "all", [one], 7) == []


def test_every_entry_has_the_agreed_shape() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        assert re.fullmatch(r"[a-z]{2}-[a-z_]+-[a-z0-9-]+", e["id"]), e["id"]
        assert e["file"] == f"documents/{e['id']}.pdf"
        assert document_path(e).is_file(), e["file"]
        assert e["kind"] in DOCUMENT_TYPES and e["facts"]["document_type"] == e["kind"]
        assert e["split"] in ("tune", "measure")
        assert "text" in e["variants"] and set(e["variants"]) <= set(VARIANTS)
        assert e["source"].strip() and e["licence"].strip()
        assert "own" in e["title"]
        assert set(e["facts"]) <= set(FACT_NAMES)
        facts = e["facts"]
        for name in ("document_date", "due_date"):
            if name in facts:
                date.fromisoformat(facts[name])
        if "total" in facts:
            total = facts["total"]
            assert re.fullmatch(r"-?\d+\.\d{2}", total["amount"]), total
            assert all(re.fullmatch(r"-?\d+\.\d{2}", a) for a in total.get("also", []))
            assert re.fullmatch(r"[A-Z]{3}", total["currency"])
            Decimal(total["amount"])
        for name in ("correspondent", "reference"):
            if name in facts:
                assert isinstance(facts[name], list) and all(s.strip() for s in facts[name])


def test_no_document_comes_from_invoice2data() -> None:
    # An independent check uses invoice2data's sample invoices; the corpus must not.
    assert not [e["id"] for e in ENTRIES if "invoice2data" in e["source"].lower()]


def test_the_documents_stay_small() -> None:
    sizes = {e["id"]: document_path(e).stat().st_size for e in ENTRIES}
    assert max(sizes.values()) < 300_000, max(sizes, key=lambda k: sizes[k])
    assert sum(sizes.values()) < 25_000_000
    on_disk = {p.name for p in (HERE / "documents").iterdir()}
    assert on_disk == {Path(e["file"]).name for e in ENTRIES}


def _assert_balanced(group: list[dict[str, object]], whole: bool = True) -> None:
    """Every kind and every language splits within one; the first corpus also as a whole (a
    later batch may be off by one per kind with an odd count, as the rule allows)."""
    halves = Counter(e["split"] for e in group)
    if whole:
        assert abs(halves["tune"] - halves["measure"]) <= 1
    else:
        assert abs(halves["tune"] - halves["measure"]) <= len({e["kind"] for e in group})
    for field in ("kind", "language"):
        for value in {e[field] for e in group}:
            halves = Counter(e["split"] for e in group if e[field] == value)
            assert abs(halves["tune"] - halves["measure"]) <= 1, (field, value)


def test_the_split_is_the_recorded_seeded_stratified_one() -> None:
    first = original_entries(ENTRIES)
    assert len(first) == 61
    assert {e["id"]: e["split"] for e in first} == stratified_split(first)
    _assert_balanced(first)
    assert len(select(ENTRIES, "measure")) + len(select(ENTRIES, "tune")) == len(ENTRIES)


def test_each_later_batch_was_split_once_by_the_same_rule_with_its_own_seed() -> None:
    batches = round_batches(ENTRIES)
    assert batches, "the round-6 documents carry round and batch"
    for (round_no, batch), group in batches.items():
        assert {e["id"]: e["split"] for e in group} == stratified_split(
            group, seed=round_seed(round_no, batch)
        ), (round_no, batch)
        _assert_balanced(group, whole=False)
    # the seeds differ per batch, so no batch repeats another's draw
    assert len({round_seed(r, b) for r, b in batches}) == len(batches)


def test_unseen_is_the_measure_half_no_rule_was_tuned_on() -> None:
    tuned_on = [e for e in ENTRIES if e.get("tuned_on")]
    # 15 of the first measure half had been in the first tuning half (docs/metadata-quality.md)
    assert len(tuned_on) == 15
    assert all(e["split"] == "measure" and "round" not in e for e in tuned_on)
    unseen = select(ENTRIES, "unseen")
    assert {e["id"] for e in unseen} == {
        e["id"] for e in ENTRIES if e["split"] == "measure" and not e.get("tuned_on")
    }
    assert len([e for e in unseen if "round" not in e]) == 15
    assert [e for e in unseen if e.get("round") == 6], "the new measure half is never tuned on"
    assert not [e for e in unseen if e["split"] == "tune"]


def test_a_different_seed_gives_a_different_split() -> None:
    # The split depends on the seed (it is drawn, not hand-picked).
    assert stratified_split(ENTRIES, seed=1) != stratified_split(ENTRIES)


@pytest.mark.parametrize("variant", ["scan", "photo"])
def test_variants_are_deterministic(variant: str, tmp_path: Path) -> None:
    entry = next(e for e in ENTRIES if e["id"] == "de-invoice-kraxi-01")
    first = variant_file(entry, variant, tmp_path / "a")
    second = variant_file(entry, variant, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert first.suffix == (".pdf" if variant == "scan" else ".jpg")
    assert variant_file(entry, "text", tmp_path / "a") == document_path(entry)


def test_the_runner_reports_the_never_tuned_on_documents_apart() -> None:
    from eval.facts.run import never_tuned_on
    from eval.facts.score import DocScore

    measure = select(ENTRIES, "measure")
    scores = [
        DocScore(id=e["id"], facts={}, language_ok=None, title_ok=True, title_why="")
        for e in measure
    ]
    unseen = {e["id"] for e in select(ENTRIES, "unseen")}
    kept = never_tuned_on(scores, unseen)
    assert {s.id for s in kept} == unseen
    assert not [s for s in kept if next(e for e in ENTRIES if e["id"] == s.id).get("tuned_on")]


def test_an_ocr_result_is_reused_only_for_the_same_file_and_the_same_ocr_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The OCR cache is keyed by the file's bytes and the OCR engine's source: a change to the
    OCR (a new page preparation) must read the pages again, not score the old text. A reading
    keeps the layout hints the pipeline gives the engine beside the pages."""
    from eval.facts import run

    page = tmp_path / "page.jpg"
    page.write_bytes(b"the same bytes")
    stored, found = run._cached(page, tmp_path)
    assert found is None
    stored.parent.mkdir(parents=True)
    stored.write_text('{"pages": ["old text"], "layout": {"pdf_title": "Old", "lines": []}}')
    assert run._cached(page, tmp_path) == (
        stored,
        run.Reading(["old text"], LayoutHints((), "Old")),
    )

    monkeypatch.setattr(run, "ocr_code_digest", lambda: "other OCR code")
    assert run._cached(page, tmp_path)[1] is None
    page.write_bytes(b"other bytes")
    monkeypatch.undo()
    assert run._cached(page, tmp_path)[1] is None
    assert len(run.ocr_code_digest()) == 64
