"""More words for a document's kind (wave 3), apart from `local_facts_words` while that module
is split by fact: specific phrases a kind's documents print in the seven languages, and the
compound words that name a kind only as a page's title."""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType


def _rx(*alternatives: str) -> re.Pattern[str]:
    joined = "|".join(a.replace("'", "['’]") for a in alternatives)
    return re.compile(r"(?<![^\W\d_])(?:" + joined + r")(?![^\W\d_])", re.I)


# Phrases that name a kind wherever they stand: a tax office's notices, a hospital's or a
# doctor's reports, as each language prints them.
MORE_TYPE_WORDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.TAX: _rx(
        r"avviso di accertamento",
        r"cartella di pagamento",
        r"agenzia delle entrate",
        r"[^\W\d_]*steuerbescheid",
        r"steuererklärung",
        r"avis de taxe foncière",
        r"taxe d'habitation",
        r"direction générale des finances publiques",
        r"aanslag [^\W\d_]*belasting",
        r"autoridade tributária",
        r"nota de liquidação",
        r"declaração de irs",
    ),
    # a utility's bill in Portuguese ("Conta de luz", "conta da água")
    DocumentType.INVOICE: _rx(
        r"conta d[aeo] (?:luz|gás|gas|água|agua|eletricidade|electricidade|telefone|internet)",
    ),
    # a Portuguese till's slip ("Talão de compra")
    DocumentType.RECEIPT: _rx(r"talão(?: de (?:compra|venda|caixa))?"),
    DocumentType.MEDICAL: _rx(
        r"lettera di dimissione",
        r"referto",
        r"compte[- ]rendu (?:opératoire|d'hospitalisation|de consultation|médical)",
        r"informe médico",
        r"informe de alta",
        r"relatório médico",
        r"entlassungsbrief",
        r"entlassbrief",
        r"befundbericht",
        r"ontslagbrief",
        r"discharge summary",
        r"medical report",
    ),
}

# Words that name a kind only as a page's title alone: a contract's compound ("MIETVERTRAG",
# "Arbeitsvertrag", "Huurovereenkomst", "Nutzungsvereinbarung"), which in running text names
# another document ("Ihr Stromliefervertrag"); a till's "Ticket" or "Beleg", which in a
# sentence is a support ticket or any voucher.
TITLE_COMPOUNDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.CONTRACT: re.compile(r"[^\W\d_]{3,}(?:vertrag|vereinbarung|overeenkomst)", re.I),
    DocumentType.RECEIPT: re.compile(r"ticket|beleg|tiquet", re.I),
}
