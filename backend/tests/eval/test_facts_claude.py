"""`python -m eval.facts.run --engine claude` on three corpus documents: the real Claude agent
(SDK, CLI, our tools) against the loopback Anthropic fake, which answers from the reference
facts with quotes found in the OCR text and one deliberately wrong quote per document. The
contract: the facts are stored with their page and quote, every quote on its page, and the
wrong one is dropped."""

from __future__ import annotations

from pathlib import Path

from eval.facts.run import evaluate

DOCUMENTS = ["de-invoice-hetzner-01", "fr-invoice-aubonmoulin-01", "en-manual-debmake-02"]


async def test_the_claude_engine_stores_quoted_facts_and_drops_the_wrong_quote(
    tmp_path: Path,
) -> None:
    result = await evaluate("all", ["text"], tmp_path, DOCUMENTS, engine="claude")

    scores = result.scores["text"]
    assert sorted(s.id for s in scores) == sorted(DOCUMENTS)
    assert result.bad_quotes_sent == 3 and result.bad_quotes_stored == []
    assert result.contract_holds()
    for score in scores:
        assert score.quote_problems == [], score.id
        stored = [f for f in score.facts.values() if f.predicted is not None]
        assert stored and all(f.quote_ok for f in stored), score.id
        assert score.facts["document_type"].outcome == "correct", score.id
        assert score.facts["correspondent"].outcome == "correct", score.id
        assert score.language_ok, score.id
    hetzner = next(s for s in scores if s.id == "de-invoice-hetzner-01")
    assert hetzner.facts["total"].outcome == "correct"
    # Hetzner carries all six facts: the wrong quote was its reference number's, so dropped.
    assert hetzner.facts["reference"].outcome == "missed"
