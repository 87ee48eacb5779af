"""More labels of dates that are not the document's own (wave 3), apart from
`local_facts_words` while that module is split by fact."""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    """Words as whole words, in any case."""
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives) + r")(?![^\W\d_])", re.I)


# A person's birth date, as a patient's, an employee's or a policyholder's details print it,
# and a shipment's or a delivery's day, in the seven languages: never the document's date.
MORE_NOT_DOCUMENT_DATE = _rx(
    r"fecha de nacimiento",
    r"f\. nacimiento",
    r"data di nascita",
    r"nata il",
    r"data de nascimento",
    r"nascid[oa] em",
    r"date de naissance",
    r"geboortedatum",
    r"geboren op",
    r"dob",
    r"d\.o\.b\.?",
    r"shipped(?: on)?",
    r"delivered(?: on)?",
    r"dispatched(?: on)?",
    r"geliefert am",
    r"versendet am",
    r"livrée? le",
    r"expédiée? le",
    r"geleverd op",
    r"verzonden op",
    r"enviado el",
    r"entregado el",
    r"spedito il",
    r"consegnato il",
    r"enviado em",
    r"entregue em",
)
