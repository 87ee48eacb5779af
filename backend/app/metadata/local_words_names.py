"""What a company's or an organisation's name looks like (`local_correspondent_names.py`).

`LEGAL_FORMS` is the one list of legal forms, each as a pattern (its spellings, dotted and
in capitals) and as the words it folds to: the engine reads a name by its legal form, the
filing rule compares two names without it (`choices.fold_correspondent`), and one list keeps
the two from drifting apart. `LEGAL_FORM` joins them longest first so that "GmbH & Co. KG"
is read whole. `ENTITY` is a name ending in a legal form, each word of it atomic so that a
long run of letters and digits is read in linear time. Without a legal form, an
organisation is known by its kind's word (a public body, a hospital, a university), and the
small lower-case words inside such a name ("of", "delle", "für") are part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.metadata.local_words import rx


@dataclass(frozen=True)
class LegalForm:
    """One legal form: how it is written (a regular expression, its spellings and dotted
    variants) and the words it folds to once case and punctuation are gone ("B.V." → "bv",
    "GmbH & Co. KG" → "gmbh co kg"). The one list below serves both the engine, which reads a
    name by its legal form, and the filing rule, which compares names without it
    (`choices.fold_correspondent`)."""

    folded: str
    pattern: str


LEGAL_FORMS: tuple[LegalForm, ...] = (
    # German-speaking countries
    LegalForm("gmbh co kg", r"(?:GmbH|GMBH|Gmbh)\s*&\s*(?:Co|CO)\.?\s*KG"),
    LegalForm("gmbh", r"GmbH|GMBH|Gmbh"),
    LegalForm("mbh", r"mbH|MBH"),
    LegalForm("ag", r"AG"),
    LegalForm("kg", r"KG"),
    LegalForm("kgaa", r"KGaA|KGAA"),
    LegalForm("ohg", r"OHG"),
    LegalForm("ug", r"UG(?:\s*\(haftungsbeschränkt\))?"),
    LegalForm("ek", r"e\.\s?K\.|E\.\s?K\."),
    LegalForm("ev", r"e\.\s?V\.|E\.\s?V\."),
    LegalForm("se", r"SE"),
    LegalForm("ggmbh", r"gGmbH|GGMBH"),
    LegalForm("eg", r"eG|e\.\s?G\."),
    LegalForm("gbr", r"GbR|GBR"),
    # the Low Countries
    LegalForm("bv", r"B\.\s?V\.|BV"),
    LegalForm("nv", r"N\.\s?V\.|NV"),
    LegalForm("vof", r"V\.O\.F\.|VOF"),
    LegalForm("bvba", r"BVBA"),
    LegalForm("sprl", r"SPRL"),
    LegalForm("cvba", r"CVBA"),
    # French-speaking countries
    LegalForm("sas", r"S\.?A\.?S\.?|SAS"),
    LegalForm("sasu", r"SASU"),
    LegalForm("sarl", r"SARL|S\.A\.R\.L\.|S\.à\s?r\.\s?l\.|Sàrl|S\.À\s?R\.\s?L\.|SÀRL"),
    LegalForm("sa", r"SA|S\.A\."),
    LegalForm("snc", r"SNC"),
    LegalForm("eurl", r"EURL"),
    # Southern Europe and Latin America
    LegalForm("srl", r"SRL|S\.R\.L\.|S\.r\.l\.|Srl"),
    LegalForm("spa", r"S\.p\.A\.|SpA|S\.P\.A\."),
    LegalForm("sl", r"S\.L\.|SL"),
    LegalForm("slu", r"S\.L\.U\.|SLU"),
    LegalForm("sau", r"S\.A\.U\.|SAU"),
    LegalForm("srls", r"S\.r\.l\.s\.|Srls|SRLS"),
    LegalForm("sas", r"S\.a\.s\."),
    LegalForm("snc", r"S\.n\.c\."),
    LegalForm("unipessoal lda", r"Unipessoal,?\s+Lda\.?"),
    LegalForm("lda", r"Lda\.?|LDA\.?"),
    LegalForm("ltda", r"Ltda\.?|LTDA\.?"),
    # English-speaking countries and India
    LegalForm("pty ltd", r"Pty\.?\s?Ltd\.?|PTY\.?\s?LTD\.?"),
    LegalForm("pty", r"Pty|PTY"),
    LegalForm("pvt ltd", r"Pvt\.?\s?Ltd\.?|PVT\.?\s?LTD\.?"),
    LegalForm(
        "private limited", r"Private Limited|PRIVATE LIMITED|(?:Pvt|PVT)\.?\s(?:Limited|LIMITED)"
    ),
    LegalForm("co ltd", r"Co\.,?\s?Ltd\.?|CO\.,?\s?LTD\.?"),
    LegalForm("ltd", r"Ltd\.?|LTD\.?"),
    LegalForm(
        "limited",
        r"Limited|LIMITED(?!\s+(?:WARRANTY|TIME|OFFER|EDITION|LIABILITY|QUANTIT(?:Y|IES)|STOCK|"
        r"SUPPLY|AVAILABILITY|USE|PERIOD)\b)",
    ),
    LegalForm("llc", r"LLC|L\.L\.C\."),
    LegalForm("inc", r"Inc\.?|INC\.?"),
    LegalForm("incorporated", r"Incorporated|INCORPORATED"),
    LegalForm("corp", r"Corp\.?|CORP\.?"),
    LegalForm("corporation", r"Corporation|CORPORATION"),
    LegalForm("plc", r"plc|PLC"),
    LegalForm("llp", r"LLP"),
    LegalForm("lp", r"LP"),
    LegalForm("pllc", r"PLLC"),
    LegalForm("pte ltd", r"Pte\.?\s?Ltd\.?|PTE\.?\s?LTD\.?"),
    LegalForm("sdn bhd", r"Sdn\.?\s?Bhd\.?|SDN\.?\s?BHD\.?"),
    # the Nordic countries and Central Europe
    LegalForm("asa", r"ASA"),
    LegalForm("oyj", r"Oyj|OYJ"),
    LegalForm("ab", r"AB"),
    LegalForm("as", r"A/S|AS"),
    LegalForm("aps", r"ApS|APS"),
    LegalForm("oy", r"Oy|OY"),
    LegalForm("sp z oo", r"Sp\.\s?z\s?o\.\s?o\.|SP\.\s?Z\s?O\.\s?O\."),
    LegalForm("sro", r"s\.r\.o\.|S\.R\.O\."),
    LegalForm("kft", r"Kft\.?|KFT\.?"),
    LegalForm("zrt", r"Zrt\.?|ZRT\.?"),
    LegalForm("doo", r"d\.o\.o\.|D\.O\.O\."),
)

# Longer spellings first, so that "GmbH & Co. KG" is read whole and "S.A.S." before "SA".
LEGAL_FORM = "|".join(
    f"(?:{form.pattern})" for form in sorted(LEGAL_FORMS, key=lambda f: len(f.folded), reverse=True)
)

# The words a legal form folds to: left out when two spellings of a name are compared.
LEGAL_FORM_WORDS = frozenset(word for form in LEGAL_FORMS for word in form.folded.split())

# Each word of the name atomic (`(?>…)`): a word ends where its characters end, so nothing is
# lost, and a long run of letters and digits ("a1a1…", a code or blob) is no longer tried in
# every split between the two stars of "\d[\w&-]*[^\W\d_][\w&-]*" (its time grew with the
# cube of the run: 2,000 characters took 30 s).
ENTITY = re.compile(
    r"(?P<name>(?>[^\W\d_][\w&'’.+-]*|\d[\w&-]*[^\W\d_][\w&-]*)(?:[ ,]+(?>[\w&'’.+-]+|&)){0,5}?"
    r",?\s+(?:" + LEGAL_FORM + r"))(?![\w])",
)


# The words that make a name an organisation's without a legal form: a public body, a
# university, a foundation ("Federal Highway Administration", "Finanzamt Köln-Mitte",
# "Agenzia delle Entrate", "Gemeente Utrecht", "Caisse primaire d'assurance maladie").
ORGANISATION_WORD = rx(
    r"department",
    # hospitals and clinics bill their patients under their own name
    r"hospital",
    r"hôpital",
    r"clinic",
    r"clinique",
    r"klinik(?:um)?",
    r"ospedale",
    r"ziekenhuis",
    r"ministry",
    r"bureau",
    r"office",
    r"agency",
    r"administration",
    r"service",
    r"commission",
    r"authority",
    r"council",
    r"institute",
    r"university",
    r"college",
    r"foundation",
    r"association",
    r"society",
    r"cent(?:er|re)s?",
    r"board",
    r"[^\W\d_]*amt",
    r"[^\W\d_]*ministerium",
    r"[^\W\d_]*behörde",
    r"[^\W\d_]*agentur",
    r"[^\W\d_]*kasse",
    r"[^\W\d_]*versicherung",
    r"universität",
    r"hochschule",
    r"stiftung",
    r"gemeinde",
    r"stadtverwaltung",
    r"ministère",
    r"agence",
    r"direction",
    r"université",
    r"fondation",
    r"caisse",
    r"mairie",
    r"préfecture",
    r"institut",
    r"ministerio",
    r"agencia",
    r"ayuntamiento",
    r"universidad",
    r"fundación",
    r"instituto",
    r"ministero",
    r"agenzia",
    r"comune",
    r"regione",
    r"università",
    r"fondazione",
    r"istituto",
    r"azienda",
    r"ministerie",
    r"belastingdienst",
    r"gemeente",
    r"provincie",
    r"universiteit",
    r"stichting",
    r"ministério",
    r"autoridade",
    r"universidade",
    r"fundação",
)

# The small words inside an organisation's name ("Bureau of Fisheries Statistics", "Agenzia delle
# Entrate"): lower-case there, yet part of the name.
NAME_CONNECTOR = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "on",
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "d'",
        "et",
        "für",
        "der",
        "die",
        "des",
        "und",
        "di",
        "del",
        "della",
        "delle",
        "dei",
        "degli",
        "e",
        "y",
        "van",
        "voor",
        "het",
        "en",
        "da",
        "do",
        "dos",
        "das",
    ]
)
