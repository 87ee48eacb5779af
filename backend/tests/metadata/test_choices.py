"""How a person filed a sender before decides the next document's type and first tags."""

from __future__ import annotations

from app.domain import FiledChoice
from app.metadata.choices import apply_choices, fold_correspondent
from app.metadata.facts import DocumentType, Fact, FactName, FactSource


def test_correspondent_spellings_fold_together() -> None:
    assert fold_correspondent("ACME Widgets Ltd.") == fold_correspondent("Acme widgets")
    assert fold_correspondent("Coolblue B.V.") == fold_correspondent("coolblue bv") == "coolblue"
    assert fold_correspondent("Société Générale S.A.S.") == "societe generale"
    assert fold_correspondent("Hetzner Online GmbH") != fold_correspondent("Hetzner Cloud GmbH")


SENDER = Fact("ACME Widgets Ltd", 1, "ACME Widgets Ltd", 0.8, FactSource.LOCAL)
INVOICE = Fact(DocumentType.INVOICE, 1, "Invoice", 0.7, FactSource.LOCAL)


def test_the_most_recent_matching_choice_wins_and_others_are_ignored() -> None:
    facts = {FactName.CORRESPONDENT: SENDER, FactName.DOCUMENT_TYPE: INVOICE}
    choices = [
        FiledChoice("Other Company Ltd", "tax", ("taxes",)),
        FiledChoice("Acme Widgets", "receipt", None),  # most recent type for this sender
        FiledChoice("ACME WIDGETS LTD.", "contract", ("office", "supplies")),
    ]
    filed = apply_choices(
        facts, ["widgets", "office"], "Invoice – ACME Widgets Ltd", "S.", choices, "en"
    )
    kind = filed.facts[FactName.DOCUMENT_TYPE]
    assert kind.value is DocumentType.RECEIPT and kind.source is FactSource.LOCAL
    assert (kind.page, kind.quote) == (1, "ACME Widgets Ltd")
    assert kind.note == "You filed ACME Widgets Ltd as receipt before"
    assert filed.tags == ["office", "supplies", "widgets"]
    assert filed.display_name == "Receipt – ACME Widgets Ltd"  # the title followed the facts
    assert filed.reason is not None


def test_nothing_changes_without_a_sender_or_a_match() -> None:
    choices = [FiledChoice("Someone Else", "receipt", ("x",))]
    facts = {FactName.DOCUMENT_TYPE: INVOICE}
    assert apply_choices(facts, ["a"], "T", "S", choices, "en").facts == facts
    facts = {FactName.CORRESPONDENT: SENDER, FactName.DOCUMENT_TYPE: INVOICE}
    filed = apply_choices(facts, ["a"], "Own title", "S", choices, "en")
    assert filed.reason is None and filed.tags == ["a"] and filed.display_name == "Own title"


def test_a_title_with_a_letters_subject_follows_the_filed_type() -> None:
    letter = Fact(DocumentType.LETTER, 1, "Dear Sir", 0.7, FactSource.LOCAL)
    facts = {FactName.CORRESPONDENT: SENDER, FactName.DOCUMENT_TYPE: letter}
    title = "Letter – ACME Widgets Ltd – Your new tariff – 3 May 2024"
    filed = apply_choices(
        facts, [], title, "S.", [FiledChoice("Acme Widgets", "invoice", None)], "en"
    )
    assert filed.display_name == "Invoice – ACME Widgets Ltd – Your new tariff – 3 May 2024"
