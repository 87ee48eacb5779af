"""The document's own title, the way a person finds it.

In order: the PDF's Title when it is meaningful (not a file name, not "Untitled", not
"Microsoft Word - draft.docx"); else the most prominent line near the top of the first page,
by font size (text layer) or line height (scan) from the OCR step's layout hints; else the
first heading-like line of the first page's text. Running headers and footers, page numbers,
dates alone and table-of-contents lines are never a title. Candidates come ranked, so
Regenerate can offer the next best.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from statistics import median

from app.domain import LayoutHints, LayoutLine
from app.metadata.facts import DocumentType
from app.metadata.language import find_dates
from app.metadata.local_tags import calendar_words
from app.metadata.local_text import (
    is_noise,
    letter_share,
    lines_of,
    strip_page_number,
)
from app.metadata.local_words import is_navigation
from app.metadata.local_words_type import OTHER_WORDS, TYPE_WORDS

_FILE_LIKE = re.compile(
    r"\.(?:pdf|docx?|odt|rtf|txt|tex|dvi|ps|indd|pages|xlsx?|pptx?)\s*$|^untitled\b|"
    r"^(?:microsoft word|document|doc|scan|img|image)[\s_-]*\d*$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[\w.]+[-_][\w.-]+")  # "northwind-invoice", "report_final_v2"
_SALUTATION = re.compile(r"^(?:dear|to whom|hi|hello)\b", re.IGNORECASE)
MAX_TITLE = 150
# Section headings every document has: never the title of one. Numbered ("1. Copyright") or
# not, in the languages the engine reads.
GENERIC_HEADING = re.compile(
    r"^(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])[.)]?\s+)?(?:"
    r"abstract|summary|executive summary|contents|table of contents|index|introduction|preface|"
    r"foreword|overview|copyright|license|licence|legal notice|disclaimer|acknowledg(?:e)?ments?|"
    r"references|bibliography|appendix(?: [a-z0-9]+)?|glossary|conclusions?|notes|"
    r"inhalt|inhaltsverzeichnis|einleitung|einführung|zusammenfassung|vorwort|impressum|anhang|"
    r"literaturverzeichnis|sommaire|table des matières|résumé|introduction|avant-propos|préface|"
    r"annexe|bibliographie|mentions légales|inhoud|inhoudsopgave|inleiding|samenvatting|"
    r"voorwoord|bijlage|índice|resumen|introducción|prólogo|prefacio|anexo|indice|sommario|"
    r"introduzione|riassunto|prefazione|premessa|appendice|"
    # a journal's label above an article's own title ("Supplement", "Original Article")
    r"supplement|editorial|commentary|original (?:article|research|contribution)|"
    r"research (?:article|paper|letter)|review article|short communication|brief report|"
    r"letter to the editor|"
    # a chapter's or part's label, numbered or not ("Hoofdstuk 1", "Capítulo", "Part II")
    r"(?:chapter|kapitel|chapitre|hoofdstuk|capitolo|cap[íi]tulo|part|teil|partie|deel|parte|"
    r"section|abschnitt|secci[óo]n|sezione|paragraaf|rozdzia[łl]|kapitola|luku|kapittel)"
    r"(?:\s+(?:\d+|[ivxlc]+))?"
    r")\s*[.:]?$",
    re.IGNORECASE,
)
# "Abstract This paper presents …": a heading the text layer glued to the first sentence.
GLUED_HEADING = re.compile(
    r"^(?:abstract|summary|introduction|zusammenfassung|résumé|samenvatting|resumen)\b[\s.:—–-]+\S",
    re.IGNORECASE,
)


# A form's or an invoice's field label alone on its line ("Verkäufer", "Bill to", "Kunde"):
# a scan of a two-column form lists the labels apart from their values.
_BARE_LABEL = re.compile(
    r"(?:from|to|von|an|de|à|van|aan|seller|buyer|vendor|supplier|customer|client|bill(?:ed)? to|"
    r"ship(?:ped)? to|sold to|invoice to|verk[äa]ufer|k[äa]ufer|lieferant|kunde|empf[äa]nger|"
    r"absender|rechnungsempf[äa]nger|k[äa]ufer/leistungsempf[äa]nger|leistungsempf[äa]nger|"
    r"vendeur|acheteur|fournisseur|destinataire|verkoper|koper|leverancier|klant|afzender|"
    r"vendedor|comprador|proveedor|cliente|venditore|acquirente|fornitore|destinatario|"
    r"name|nome|nom|naam|nombre|anschrift|address|adresse|adres|dirección|indirizzo|"
    r"bemerkungen|remarks|notes?|positionsdaten|währung|currency)\s*[:.]?",
    re.IGNORECASE,
)


# The form of address over a letter's or a bill's recipient, alone or with the person's name
# ("Herrn", "Frau Dr. Eva Kern", "Monsieur Paul Martin", "Spett.le", "De heer J. de Vries"):
# the reader, never the document's title
_ADDRESSEE = re.compile(
    r"(?i:herrn?|frau|firma|monsieur|madame|mademoiselle|mme\.?|mlle\.?|messieurs|mevrouw|"
    r"de heer|dhr\.|mevr\.|mw\.|spett\.?(?:le|abile)|egregi[oa]|gentile|sig\.(?:ra|na)?|"
    r"sr\.|sra\.|srta\.|exm[oa]s?\.(?:\s*sr[a]?\.)?|mr\.?|mrs\.?|ms\.?|z\.\s?hd\.?|attn\.?|"
    r"t\.\s?a\.\s?v\.?)"
    r"(?:\s+(?:(?:Dr|Prof|Ing|Mag|Avv|Dott)\.?|[A-ZÀ-Ý][\w'’.-]*|de|van|der|den|von|da|di|du|le|la)){0,5}"
)


# A field's label and its value on one line ("Cliente: Pedro López", "Bill to: Jane Roe").
_LABELLED_VALUE = re.compile(rf"^{_BARE_LABEL.pattern}\s*[:]\s*\S", re.IGNORECASE)


# A line with an amount of money ("Total due: GBP 800.00", "Summe 13,78 €"): a bill's row.
_MONEY_LINE = re.compile(
    r"(?:[$€£¥]|\b(?:EUR|USD|GBP|CHF|INR|CAD|AUD)\b)\s?\d|"
    r"\d[.,]\d{2}\s?(?:[$€£¥]|\b(?:EUR|USD|GBP|CHF|INR|CAD|AUD)\b)|"
    r"\b(?:total|subtotal|summe|gesamtbetrag|montant|totale|importe|totaal|bedrag)\b.*\d[.,]\d{2}\b",
    re.IGNORECASE,
)


# A periodical's running header: its name, the issue's date and a volume or page number
# ("62 MMWR / January 14, 2011 / Vol. 60", "Monthly Labor Review • January 2012 65").
_ISSUE_MARKS = (
    re.compile(r"\s[/•|·]\s"),
    re.compile(r"\b(?:vol(?:ume)?\.?|no\.|issue)\s*\d", re.IGNORECASE),
    re.compile(r"^\d{1,4}\s|\s\d{1,4}$"),
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A title wrapped before its last words: its line ends in a word that joins ("Copyright
# Release for" / "Contributions To SQLite", "Debian GNU/Linux verkrijgen en" / "installeren").
_JOINING_END = re.compile(
    r"\s(?:for|of|and|or|the|to|in|on|with|a|an|und|oder|für|der|die|das|des|von|zu|mit|et|ou|"
    r"de|du|des|la|le|les|pour|en|van|voor|het|een|op|y|e|o|del|della|di|da|do|dos|das|per|"
    r"con|para|com)$|\s?[-–—&]$",
    re.IGNORECASE,
)


# A form's heading line: its number, then its name ("Form 1040 U.S. Individual Income Tax
# Return 2021 Department of …", "Formular A3 (Stand 2024) Antrag auf Wohngeld …"): the name runs
# as capitalised words (and the small words between them) up to a year, a number or a
# parenthesis.
_SMALL = (
    r"(?:of|for|and|or|the|to|on|in|a|an|by|de|du|des|la|le|les|à|au|aux|für|und|oder|der|die|"
    r"das|des|auf|zur|zum|über|bei|mit|im|vom|van|voor|en|het|een|te|bij|op|di|del|della|per|"
    r"da|do|dos|para|con|com|y|e)"
)
_CAPITAL = r"(?:[A-Z][\w.'’/-]*)"
FORM_HEADING = re.compile(
    r"^(?P<form>(?:Form|Formular|Formulaire|Formulario|Formulier|Modulo)\s+[A-Z0-9][\w.-]*)\s+"
    r"(?:\([^)]{0,40}\)\s+)?"
    rf"(?P<name>{_CAPITAL}(?:\s+(?:{_CAPITAL}|{_SMALL}))*?(?:\s+{_CAPITAL}))"
    r"(?=\s+(?:\d|\(|$)|\s*$)"
)


def form_heading(line: str) -> str | None:
    """ "Form 1040 U.S. Individual Income Tax Return 2021 …" → "Form 1040 U.S. Individual
    Income Tax Return"."""
    match = FORM_HEADING.match(" ".join(line.split()))
    if match is None:
        return None
    title = f"{match.group('form')} {match.group('name')}"
    return title if len(title) <= MAX_TITLE else None


# An address line: a street with its house number, or a postcode with its place ("Hafenstraße 12
# · 24103 Kiel", "12 rue des Lilas", "Via Roma 1", "Rua de Sola 40 2864-022 Lisboa", "14 Elm
# Road", "1234 AB Zuidveen", "Northfield NF1 2AB"). Never a title, never a sender's name.
_ROMANCE_STREET = (
    r"rue|avenue|boulevard|bd|chemin|impasse|quai|allée|via|viale|piazza|piazzale|corso|largo|"
    r"vicolo|calle|c/|avenida|avda\.?|plaza|paseo|carrer|rua|travessa|praça|estrada"
)
_ADDRESS = (
    # a German or Dutch street compound and its number
    re.compile(
        # (from a word's start: tried at each letter of a long word, the search took its square)
        r"(?<![^\W\d_])[^\W\d_]{2,}(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee|"
        r"straat|laan|plein|gracht|kade|dreef|steeg|singel)\s*\d{1,4}(?![\d.,])",
        re.IGNORECASE,
    ),
    # a Romance street word with a number before or after it
    re.compile(
        rf"(?:^|[,·|]\s*)(?:{_ROMANCE_STREET})\s[^\W\d_][^\n]{{0,40}}?\d"
        rf"|(?:^|\s)\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:{_ROMANCE_STREET})\s+[^\W\d_]",
        re.IGNORECASE,
    ),
    # an English street: its number first
    re.compile(
        r"(?:^|[\s,])\d{1,5}[a-z]?,?\s+(?:[^\W\d_][\w.'’-]*\s+){1,3}(?:street|st|road|rd|"
        r"avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|"
        r"crescent|parkway|pkwy|highway|hwy)\b\.?",
        re.IGNORECASE,
    ),
    # a postcode and its place, first on the line or after a separator (not a year)
    re.compile(
        r"(?:^|,\s*|\s[·|•–-]\s*)(?:[A-Z]{1,2}-)?(?!(?:19|20)\d\d\b)\d{4,5}(?:-\d{3}|\s?[A-Z]{2})?"
        r"\s+[A-ZÄÖÜÉ][^\W\d_]+"
    ),
    # a British postcode
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
)


def looks_like_address(text: str) -> bool:
    """A street with its number or a postcode with its place: an address line."""
    text = " ".join(text.split())
    return any(pattern.search(text) for pattern in _ADDRESS)


def _date_line(text: str) -> bool:
    """A date with its weekday ("Thursday, August 6, 2020", "Lundi 3 mars 2025")."""
    words = re.findall(r"[^\W\d_]{3,}", text.lower())
    return (
        bool(words) and all(w in calendar_words() for w in words) and bool(re.search(r"\d", text))
    )


def _labelled_value_is_date(text: str) -> bool:
    """ "Data da Emissão: 12/03/2020", "Rechnungsdatum: 02.04.2024", "Invoice number:
    2024-0318": a field with its date or number, not a title."""
    label, colon, value = text.partition(":")
    if not colon or len(label) > 40 or not value.strip():
        return False
    return bool(find_dates(value)) or letter_share(value) < 0.5


def is_issue_header(text: str) -> bool:
    """A periodical's running header, never an article's title."""
    marks = sum(1 for mark in _ISSUE_MARKS if mark.search(text))
    return marks >= 2 and bool(_YEAR.search(text) or find_dates(text))


def is_generic_heading(text: str) -> bool:
    """A section heading every document has, or a kind's one word alone ("Form", "Rechnung",
    "Invoice"): it says what kind the document is, not which one ("User Guide" may be a
    manual's whole title)."""
    text = " ".join(text.split())
    word = text.strip(" .:")
    return bool(GENERIC_HEADING.match(text)) or (
        " " not in word and any(p.fullmatch(word) for p in TYPE_WORDS.values())
    )


def is_glued_sentence(text: str) -> bool:
    """A heading run into running text: it starts with a generic heading word, or it holds a
    sentence end followed by more words, or it is a long sentence rather than a title."""
    text = " ".join(text.split())
    if GLUED_HEADING.match(text):
        return True
    if re.search(r"[a-z]{2}[.!?]\s+[A-Z][a-z]", text):
        return True
    return len(text.split()) > 16 and text.endswith(".")


def _addressee(text: str) -> bool:
    """The recipient's form of address, alone or with the name ("Herrn", "Madame Claire
    Moreau"); a word of it before a phrase is not ("Frau Holle und der Winter")."""
    return _ADDRESSEE.fullmatch(text) is not None


def pdf_title_if_meaningful(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(
        r"^microsoft (?:word|powerpoint|excel)\s*-\s*", "", title.strip(), flags=re.IGNORECASE
    )
    title = " ".join(title.split())
    if (
        _FILE_LIKE.search(title)
        or len(title) < 4
        or _SLUG.fullmatch(title)
        or len(title) > MAX_TITLE
        or letter_share(title) < 0.6
        or len(re.findall(r"[A-Za-z]{3,}", title)) < 1
        or is_generic_heading(title)
    ):
        return None
    return title


# A name with its model number ("AquaPure 300", "Kaffeevollautomat CM 5000", "Form 1040"): the
# number is part of the title, not a page number.
_MODEL_NUMBER = re.compile(r"^\S+\s+\d{1,5}$|(?<!\S)[A-Z]{1,5}-?\s?\d{1,5}$")


# A field's label in capitals that a two-column header ran onto the line ("AnyCompany Hardware
# DATE", "Acme Tools RECHNUNG NR.").
_TRAILING_LABEL = re.compile(
    r"(?<=[a-z])\s+(?:(?:DUE |INVOICE |ORDER )?DATE|INVOICE(?: NO\.?| #)?|NO\.|#|CUSTOMER ID|"
    r"DATUM|RECHNUNG(?:S?-?NR\.?)?|FACTURE|N°|FECHA|FACTURA|DATA|FATTURA|FACTUUR)\s*[#:.]?$"
)


def _tidy(line: str) -> str:
    """The line without a trailing page number (a year stays: "… United States, 2006"; a
    model number stays: "AquaPure 300") or a column's label in capitals ("… DATE")."""
    line = _TRAILING_LABEL.sub("", line.strip())
    if not _YEAR.search(line[-4:]) and not _MODEL_NUMBER.search(line.strip()):
        line = strip_page_number(line)
    line = line.strip(" .:;,-–—|#")  # "##Title": a Markdown heading's marks run into it
    return line.title() if line.isupper() and len(line) > 4 else line


# Two field labels side by side, each one word ("Signature: Date", "Name: Datum:"): a form's
# blanks to fill in, never its title.
_LABEL_PAIR = re.compile(r"[^\W\d_]+\s*:\s*[^\W\d_]+\s*:?")

# How far down the first page a heading may stand to be taken as the title for its size: a
# line printed large in the lower half is a total, a payment's word or a stamp ("TOTAL NET",
# "Espèces", "PAID"), and a section's heading further down is not the document's name.
TITLE_ZONE = 0.5


def _acceptable(line: str, running: set[str]) -> bool:
    """A possible title. A running header without a number in it ("Shared MIME-info Database"
    atop every page of a spec) is often the document's name, so only numbered running lines
    ("Chapter 4: Function reference 9") are refused outright."""
    text = line.strip()
    running = {shape for shape in running if "#" in shape}
    return (
        3 <= len(text) <= MAX_TITLE
        and not is_noise(text, running)
        # a word of three letters at least ("(PA) a" is a scan's crumbs), and no lone
        # lower-case letter before it ("w QOLite", a logo read as letters)
        and re.search(r"[^\W\d_]{3,}", text) is not None
        and not re.match(r"^[^\W\d_A-Z]\s", text)
        and not _LABEL_PAIR.fullmatch(text)
        # two prices: a bill's or a till's item row ("2 x Tea 3.50 7.00"), whatever its size
        and len(re.findall(r"(?<![\d.,])\d+[.,]\d{2}(?![\d.,])", text)) < 2
        and not re.search(r"\s\d+,\d{2}$", text)  # a row's price at its end ("Tea 3,50")
        # a version or a date beside two words still makes a title ("Widgetlib Release 3.45.1")
        and letter_share(text) >= (0.5 if len(re.findall(r"[^\W\d_]{4,}", text)) >= 2 else 0.6)
        and not _SALUTATION.match(text)
        and not re.search(r"https?://|www\.|@", text)
        and not text.endswith((",", ";"))
        and not is_generic_heading(text)
        and not is_navigation(text)
        and not _BARE_LABEL.fullmatch(text)
        and not _addressee(text)
        and not _LABELLED_VALUE.match(text)
        and not _MONEY_LINE.search(text)
        and not _labelled_value_is_date(text)
        and not _date_line(text)
        and text.count("(") == text.count(")")  # a line cut inside a bracket
        and text.count("[") == text.count("]")
        and not is_glued_sentence(text)
        and not is_issue_header(text)
        and not looks_like_address(text)
    )


def layout_candidates(
    hints: Sequence[LayoutLine], running: set[str]
) -> tuple[list[str], list[str]]:
    """First-page lines ranked by prominence: font size relative to the page's body text,
    with lines near the top preferred among equals. A line must stand out (at least 15 %
    bigger than the body) in the upper half of the page (`TITLE_ZONE`) to count;
    consecutive lines of the title's size join (a title wrapped over two lines). Returned as
    (headings, later): a numbered section's heading, a kind's phrase alone or the body that
    issues the document, however large, rank after every other heading, as `text_candidates`
    ranks them."""
    lines = [h for h in hints if h.page == 0 and h.text.strip()]
    if len(lines) < 2:
        return [], []
    body = median(h.size for h in lines) or 1.0
    ranked: list[tuple[float, str]] = []
    i = 0
    while i < len(lines):
        size = lines[i].size
        group = [lines[i].text.strip()]
        j = i + 1
        # a wrapped title's lines: the same size (points), or within a fifth (scan pixels,
        # where descenders make line boxes of one font differ)
        while (
            j < len(lines)
            and len(group) < 3
            and abs(lines[j].size - size) <= max(0.5, 0.2 * size)
            and lines[j].top - lines[j - 1].top < 0.08
            and _acceptable(lines[j].text, running)
            and _acceptable(group[0], running)
            and not lines[j].text.strip()[:1].isdigit()
        ):
            group.append(lines[j].text.strip())
            j += 1
        text = " ".join(group) if len(" ".join(group)) <= MAX_TITLE else group[0]
        size = max(h.size for h in lines[i:j])
        if size >= 1.15 * body and lines[i].top <= TITLE_ZONE and _acceptable(text, running):
            ranked.append((size / body - 0.3 * lines[i].top, _tidy(text)))
        i = j
    ranked.sort(key=lambda r: -r[0])
    titles = [t for _, t in ranked if t]
    later = [t for t in titles if _ranks_later(t)]
    return [t for t in titles if t not in later], later


# Kinds whose name a title line carries beside what the document is about ("Annual Report
# 2023", "User Guide", "Bedienungsanleitung").
_TITLED_KINDS = (DocumentType.MANUAL, DocumentType.REPORT, DocumentType.FORM)


def _kind_alone(line: str) -> bool:
    """A kind's one word alone ("Bedienungsanleitung", "Handbuch", "Report")."""
    word = line.strip(" .:")
    return " " not in word and any(TYPE_WORDS[k].fullmatch(word) for k in _TITLED_KINDS)


def _names_kind(line: str) -> bool:
    return any(TYPE_WORDS[k].search(line) for k in _TITLED_KINDS)


def _with_kind_line(line: str, following: str, running: set[str]) -> str | None:
    """A name over its kind's line ("Northwind Foundation" / "Annual Report 2023"): one title
    of the two, "Name – Kind line". (A kind's word alone over the name, "Handbuch" /
    "Kaffeevollautomat CM 5000", leaves the name: the kind is a fact of its own.)"""
    if (
        not following
        or len(line) + len(following) > 100
        or following.endswith((".", ":", "?"))
        or following[:1].isdigit()  # a numbered section's heading ("1.1 What is this FAQ?")
    ):
        return None
    if (
        _acceptable(line, running)
        and not _names_kind(line)
        and _names_kind(following)
        and not _kind_alone(following)
        and _acceptable(following, running)
    ):
        return f"{_tidy(line)} – {_tidy(following)}"
    return None


def text_candidates(first_page: str, running: set[str]) -> tuple[list[str], list[str]]:
    """Heading-like lines among the first page's first lines: short, mostly letters, not a
    sentence, not a running header, page number, date or TOC entry. Returned as (headings,
    later), as `layout_candidates` returns them: a numbered section's heading, a kind's phrase
    alone or an issuing body only when nothing better heads the page."""
    out: list[str] = []
    later: list[str] = []  # a kind's phrase alone ("Manuale d'uso", "User Guide")
    lines = lines_of(first_page)[:16]
    named = next((t for t in map(form_heading, lines[:3]) if t), None) or _bare_form(lines)
    if named:
        out.append(named)
    for k, line in enumerate(lines[:15]):
        following = lines[k + 1] if k + 1 < len(lines) else ""
        if k > 0 and _addressee(lines[k - 1]):
            continue  # the name under "Herrn", "Madame", "Spett.le": the reader's, not a title
        if following[:1].islower() and len(following) >= 40:
            continue  # the first line of a paragraph ("This section of the" / "contains …")
        if line[:1].islower() and k > 0 and not lines[k - 1].endswith((".", ":", "!", "?")):
            continue  # a paragraph's next line
        if is_issue_header(following) and not is_issue_header(line):
            continue  # a periodical's name over its issue ("… Weekly Report" / "Vol. 62 / …")
        if (
            (_JOINING_END.search(line) or _wrapped_on(line, following))
            and following
            and len(following) <= 60
            and not following.endswith(".")
            and len(line) + len(following) < 110
            and _acceptable(following, running)
        ):
            line = f"{line} {following}"
        paired = _with_kind_line(line, following, running)
        if paired:
            out.append(paired)
        if _acceptable(line, running) and len(line) <= 110 and not line.endswith((".", ":")):
            (later if _ranks_later(line) else out).append(_tidy(line))
    return out, later


# Who issues the document, heading its page ("Department of the Treasury", "Internal Revenue
# Service", "Bundesamt für Justiz"): its sender, not its title, which is further down.
_ISSUER_LINE = re.compile(
    r"^(?:the\s+)?(?:u\.\s?s\.\s+)?(?:department|ministry|ministerium|ministère|ministerie|"
    r"ministero|ministerio|bureau|agency|agence|agenzia|agencia)\b|"
    r"\b(?:service|administration|agency|authority|commission|bundesamt|landesamt|finanzamt)$",
    re.IGNORECASE,
)


def _ranks_later(line: str) -> bool:
    """A numbered section's heading ("1. Changes in this release"), a kind's phrase alone
    ("User Guide") or the body that issues the document: a title only when nothing better
    heads the page."""
    return bool(
        re.match(r"^\d+(?:\.\d+)*\.?\s", line)
        or _KIND_PHRASE.fullmatch(line.strip(" .:"))
        or _ISSUER_LINE.search(line)
        or _journal_furniture(line)
    )


def _journal_furniture(line: str) -> bool:
    """An official journal's section and name ("Proposed Rules Federal Register")."""
    rest = OTHER_WORDS.sub(" ", line)
    return rest != line and not re.search(r"[^\W\d_]{3,}", rest)


# A manual's kind said in a phrase, alone on its line: what it is, not which one.
_KIND_PHRASE = re.compile(
    r"(?:(?:user|owner|operator)(?:['’]s)?\s+|instruction\s+|operating\s+|installation\s+|"
    r"(?:installation|installation and)\s+operating\s+|quick(?:\s+start)?\s+|reference\s+)?"
    r"(?:manual|guide|handbook|instructions)|manuale\s+d['’]uso|istruzioni\s+per\s+l['’]uso|"
    r"mode\s+d['’]emploi|(?:notice|guide|manuel)\s+d['’]utilisation|"
    r"manual\s+de(?:l)?\s+(?:usuario|instrucciones|utilizador|utilização)|"
    r"[^\W\d_]*(?:anleitung|anweisung|handbuch)|gebruiksaanwijzing|handleiding",
    re.IGNORECASE,
)
# A title wrapped before a small word ("Learning to Summarise Long Documents" / "with
# Hierarchical Attention").
_JOINING_START = re.compile(
    r"^(?:with|for|of|and|in|on|to|from|using|via|under|through|without|among|between|"
    r"für|und|mit|von|zur|zum|über|pour|avec|et|de|des|du|sur|dans|per|con|e|y|en|van|voor|"
    r"met|bij|over|para|com|da|di|del|della)\s+\S"
)


def _wrapped_on(line: str, following: str) -> bool:
    """The heading goes on over the next line, which starts with a small word."""
    if not _JOINING_START.match(following) or following.endswith((".", ",", ";", ":")):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_BARE_FORM = re.compile(
    r"^(?:Form|Formular|Formulaire|Formulario|Formulier|Modulo)\s+[A-Z0-9][\w.-]*$"
)
_PUBLIC_BODY = re.compile(
    r"\b(?:department|ministry|ministerium|ministère|ministerie|ministero|ministerio|service|"
    r"agency|office|bureau|administration|treasury|amt|agence|agenzia|agencia|dienst)\b",
    re.IGNORECASE,
)


def _bare_form(lines: list[str]) -> str | None:
    """A form's number alone on its line, its name a few lines below, after its revision and
    the body that issues it ("Form W-9" / "(Rev. October 2018)" / "Department of the
    Treasury" / "Request for Taxpayer" / "Identification Number and Certification")."""
    for k, line in enumerate(lines[:3]):
        if not _BARE_FORM.match(" ".join(line.split())):
            continue
        name: list[str] = []
        for following in lines[k + 1 : k + 8]:
            text = " ".join(following.split())
            if name and (not re.match(r"^[A-Z]", text) or len(" ".join([*name, text])) > 110):
                break
            if (
                text.startswith("(")
                or _PUBLIC_BODY.search(text)
                or not re.match(r"^[A-Z]", text)
                or text.endswith((".", ":"))
                or letter_share(text) < 0.8
            ):
                if name:
                    break
                continue
            name.append(text)
            if len(name) == 2:
                break
        return f"{' '.join(line.split())} {' '.join(name)}" if name else None
    return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"\W+", " ", text.lower()).split())


def filename_title(filename: str) -> str:
    stem = re.sub(r"[_\-.]+", " ", PurePath(filename.replace("\\", "/")).stem).strip()
    return (stem[:1].upper() + stem[1:])[:120] if stem else "Untitled document"


def title_candidates(first_page: str, running: set[str], layout: LayoutHints) -> list[str]:
    """Every plausible title, best first, without duplicates."""
    ranked: list[str] = []
    pdf = pdf_title_if_meaningful(layout.pdf_title)
    prominent, prominent_later = layout_candidates(layout.lines, running)
    if pdf and (not prominent or _norm(pdf) in _norm(first_page)):
        ranked.append(pdf)  # else a stale Title ("Slide 1", last year's name) ranks second
    ranked += prominent[:1] + ([pdf] if pdf else []) + prominent[1:]
    headings, later = text_candidates(first_page, running)
    ranked += headings + prominent_later + later
    seen: set[str] = set()
    out = []
    for title in ranked:
        key = re.sub(r"\W+", " ", title.lower()).strip()
        if key and key not in seen:
            seen.add(key)
            out.append(title)
    return out


def is_bare_label(text: str) -> bool:
    """A form's or an invoice's field label alone ("Verkäufer", "Bill to", "SELLER")."""
    return bool(_BARE_LABEL.fullmatch(" ".join(text.split())))


def is_salutation(text: str) -> bool:
    return bool(_SALUTATION.match(text))


def tidy_title(line: str) -> str:
    """A heading as a title shows it: no page number, no column label, capitals tamed."""
    return _tidy(line)
