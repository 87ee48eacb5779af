"""eval/facts/score.py: the scoring rules of the facts evaluation, one by one (pure, no I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eval.facts.score import (
    ABSENT,
    CORRECT,
    FALSE_POSITIVE,
    MISSED,
    WRONG,
    correspondent_matches,
    fact_matches,
    names_type,
    quote_found,
    reference_matches,
    score_document,
    summarise,
    summary_problems,
    tag_problems,
    title_acceptable,
    total_matches,
)

HETZNER: dict[str, Any] = {
    "id": "de-invoice-hetzner-01",
    "language": "de",
    "kind": "invoice",
    "title": {"own": None},
    "facts": {
        "document_type": "invoice",
        "correspondent": ["Hetzner Online GmbH", "Hetzner Online", "Hetzner"],
        "document_date": "2016-01-19",
        "total": {"amount": "104.00", "currency": "EUR"},
        "reference": ["R0005532486"],
        "due_date": "2016-01-22",
    },
}
PAGES = [
    "Hetzner Online GmbH • Industriestr. 25\nRechnungsnummer: R0005532486\n"
    "Rechnungsdatum: 19.01.2016\nBrutto   104,00 €\nFälligkeitsdatum: 22.01.2016",
]


def fact(value: Any, quote: str, page: int = 1) -> dict[str, Any]:
    return {"value": value, "page": page, "quote": quote}


def test_correspondent_ignores_case_punctuation_and_legal_forms() -> None:
    assert correspondent_matches("HETZNER ONLINE", ["Hetzner Online GmbH"])
    assert correspondent_matches("Coolblue", ["Coolblue B.V."])
    assert correspondent_matches("coolblue bv", ["Coolblue B.V."])
    assert correspondent_matches(
        "Versicherungsverein Musterstadt", ["MVM Musterhafter Versicherungsverein Musterstadt a.G."]
    )
    assert correspondent_matches("Au bon moulin", ["Au bon moulin SARL"])
    assert correspondent_matches("Société Générale SAS", ["Societe Generale"])


def test_correspondent_is_not_another_name() -> None:
    # The recipient of the same invoice, and a name that merely shares letters, do not count.
    assert not correspondent_matches(
        "Usegroup Inh. Jochen Stärk", ["Hetzner Online GmbH", "Hetzner"]
    )
    assert not correspondent_matches("Lieferant GmbH", ["MUSTERLIEFERANT GMBH", "Musterlieferant"])
    assert not correspondent_matches("GmbH", ["Hetzner Online GmbH"])
    assert not correspondent_matches("", ["Hetzner"])


def test_total_is_a_decimal_amount_in_its_currency() -> None:
    ref = {"amount": "104.00", "currency": "EUR"}
    assert total_matches({"amount": "104", "currency": "eur"}, ref)
    assert total_matches({"amount": "104.00", "currency": "EUR"}, ref)
    assert not total_matches({"amount": "87.39", "currency": "EUR"}, ref)  # the net subtotal
    assert not total_matches({"amount": "104.00", "currency": "USD"}, ref)
    assert not total_matches({"amount": "104,00", "currency": "EUR"}, ref)  # not a decimal string
    assert not total_matches("104.00 EUR", ref)


def test_total_accepts_the_reference_alternatives() -> None:
    ref = {"amount": "671.15", "currency": "EUR", "also": ["470.15"]}
    assert total_matches({"amount": "470.15", "currency": "EUR"}, ref)
    assert not total_matches({"amount": "201.00", "currency": "EUR"}, ref)


def test_reference_ignores_spaces_and_case() -> None:
    assert reference_matches("r 000 553 2486", ["R0005532486"])
    assert reference_matches("FA-2017-0010", ["fa-2017-0010"])
    assert not reference_matches("R0005532487", ["R0005532486"])
    assert not reference_matches("", ["R0005532486"])


def test_dates_are_the_same_iso_date() -> None:
    assert fact_matches("document_date", "2016-01-19", "2016-01-19")
    assert fact_matches("document_date", date(2016, 1, 19), "2016-01-19")
    assert not fact_matches("document_date", "19.01.2016", "2016-01-19")
    assert not fact_matches("due_date", "2016-01-19", "2016-01-22")
    assert fact_matches("document_type", "invoice", "invoice")
    assert not fact_matches("document_type", "receipt", "invoice")


def test_quote_must_be_on_the_cited_page() -> None:
    pages = ["first page: Rechnungsdatum:\n19.01.2016", "second page: Brutto 104,00 €"]
    assert quote_found("Rechnungsdatum: 19.01.2016", 1, pages)  # whitespace-normalised
    assert not quote_found("Rechnungsdatum: 19.01.2016", 2, pages)
    assert not quote_found("Brutto 104,00 €", 3, pages)
    assert not quote_found("Brutto 104,00 €", 0, pages)
    assert not quote_found("", 1, pages)


def test_a_perfect_prediction_scores_every_fact_correct() -> None:
    predicted = {
        "language": "de",
        "title": "Rechnung – Hetzner Online GmbH – 19. Jan. 2016",
        "summary": "Rechnung von Hetzner Online über 104,00 € vom 19. Januar 2016, fällig am 22. Januar 2016.",
        "tags": ["server", "hosting"],
        "facts": {
            "document_type": fact("invoice", "Rechnungsnummer: R0005532486"),
            "correspondent": fact("Hetzner Online GmbH", "Hetzner Online GmbH"),
            "document_date": fact("2016-01-19", "Rechnungsdatum: 19.01.2016"),
            "total": fact({"amount": "104.00", "currency": "EUR"}, "Brutto   104,00 €"),
            "reference": fact("R0005532486", "R0005532486"),
            "due_date": fact("2016-01-22", "22.01.2016"),
        },
    }
    score = score_document(HETZNER, predicted, PAGES, stopwords={"und", "oder"})
    assert {f.outcome for f in score.facts.values()} == {CORRECT}
    assert score.language_ok and score.title_ok
    assert score.summary_problems == [] and score.tag_problems == [] and score.quote_problems == []


def test_wrong_missed_and_false_positive_facts_are_told_apart() -> None:
    entry = {**HETZNER, "facts": {k: v for k, v in HETZNER["facts"].items() if k != "due_date"}}
    predicted = {
        "language": "en",
        "title": "Hong Kong",
        "summary": "",
        "tags": [],
        "facts": {
            "document_type": fact("receipt", "Rechnungsnummer"),
            "correspondent": fact("Usegroup", "not on the page"),
            "due_date": fact("2016-01-22", "Fälligkeitsdatum: 22.01.2016"),
        },
    }
    score = score_document(entry, predicted, PAGES)
    outcomes = {name: f.outcome for name, f in score.facts.items()}
    assert outcomes == {
        "document_type": WRONG,
        "correspondent": WRONG,
        "document_date": MISSED,
        "total": MISSED,
        "reference": MISSED,
        "due_date": FALSE_POSITIVE,
    }
    assert score.language_ok is False and not score.title_ok
    assert score.quote_problems == ["correspondent: quote 'not on the page' not on page 1"]
    tally = summarise([score]).facts
    assert (tally["document_type"].carried, tally["document_type"].wrong) == (1, 1)
    assert (tally["due_date"].carried, tally["due_date"].false_positives) == (0, 1)
    assert tally["total"].missed == 1 and tally["total"].accuracy == 0


def test_a_fact_absent_from_both_is_not_counted() -> None:
    entry = {
        "id": "x",
        "language": "de",
        "kind": "manual",
        "title": {"own": "Leitfaden"},
        "facts": {"document_type": "manual"},
    }
    predicted = {"title": "Leitfaden", "facts": {"document_type": fact("manual", "Leitfaden")}}
    score = score_document(entry, predicted, ["Leitfaden für Debian-Betreuer"])
    assert score.facts["document_type"].outcome == CORRECT
    assert score.facts["total"].outcome == ABSENT
    tally = summarise([score]).facts
    assert tally["total"].carried == 0 and tally["total"].accuracy is None


def test_title_names_type_and_correspondent_in_any_language() -> None:
    assert title_acceptable("Invoice – Hetzner Online – 19 Jan 2016", HETZNER)[0]
    assert title_acceptable("Rechnung Hetzner 2016-01-19", HETZNER)[0]
    assert title_acceptable("Facture – Hetzner", HETZNER)[0]
    assert not title_acceptable("Hong Kong", HETZNER)[0]
    assert title_acceptable("Hetzner Online GmbH", HETZNER) == (False, "does not name the type")
    assert title_acceptable("Invoice – Days Bank", HETZNER) == (
        False,
        "names the type, not the correspondent",
    )


def test_title_names_a_type_by_the_engines_own_words_in_each_language() -> None:
    # Compounds and elided articles: the words the local engine titles these kinds with.
    assert names_type("Avis d'impôt – DGFiP – 3 mai 2024", "tax")
    assert names_type("Steuerbescheid – Finanzamt Köln – 3. Mai 2024", "tax")
    assert names_type("Belastingaanslag – Belastingdienst", "tax")
    assert names_type("Documento fiscale – Agenzia delle Entrate", "tax")
    assert names_type("Rekeningafschrift – ING Bank", "bank_statement")
    assert not names_type("Avis de passage – La Poste", "tax")
    assert not names_type("Rechnung – Finanzamt Köln", "tax")


def test_title_may_be_the_documents_own_title() -> None:
    manual = {
        "id": "m",
        "kind": "manual",
        "title": {"own": "Guide for Debian Maintainers"},
        "facts": {"document_type": "manual"},
    }
    assert title_acceptable("Guide for Debian Maintainers", manual) == (True, "own title")
    assert title_acceptable("guide for debian maintainers (2022)", manual)[0]
    assert not title_acceptable("Abstract", manual)[0]
    assert not title_acceptable("1. Copyright", manual)[0]
    assert not title_acceptable("", manual)[0]


def test_summary_problems() -> None:
    assert summary_problems("An invoice from Hetzner for 104,00 € due on 22 January 2016.") == []
    assert summary_problems("The data are avail- able on request.")[0].startswith(
        "line-break hyphen"
    )
    assert summary_problems("Details in‐ cluding prices are listed.")[0].startswith(
        "line-break hyphen"
    )
    assert summary_problems("Pre- and post-processing are described.") == []
    assert summary_problems("This is a computer generated invoice.") == [
        "boilerplate: 'computer generated'"
    ]
    assert any(
        p.startswith("boilerplate")
        for p in summary_problems("Je kunt je factuur altijd terugvinden in je mail.")
    )
    repeated = summary_problems("Hetzner billed two servers. Hetzner billed two servers.")
    assert repeated == ["repeated sentence: 'Hetzner billed two servers.'"]
    assert summary_problems("Gratuité du temps d'attente") == ["fragment: not a complete sentence"]
    assert summary_problems("") == ["empty"]


def test_tags_that_are_stop_words_are_reported() -> None:
    german = {"wird", "werden", "nicht", "oder", "diese"}
    assert tag_problems(["Server", "wird", "Oder", "Rechnung"], german) == ["wird", "Oder"]
    assert tag_problems(["Server"], german) == []
    assert tag_problems(["cette"], set()) == []
