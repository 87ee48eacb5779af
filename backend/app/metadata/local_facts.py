"""The local facts engine: the type, issuer, date, total, reference and due date of a document,
read by rules that know the words invoices, receipts and letters use in several languages.

Every value comes with the line it was read from (`make_fact` checks the quote is on the
page). The rules, in the order a person reads a bill:

- type: keywords of each kind, weighed by where they stand (a heading on the first page counts
  most), with the structure that proves a kind (an invoice has a total or a number);
- correspondent: the issuer, not the recipient. The legal entity near the VAT id, IBAN or
  company-register line, in the letterhead or the "From" block; never a line of the address
  block after "Bill to / An / À / Aan / Kunde";
- document date: a labelled one ("Invoice date", "Rechnungsdatum", "Factuurdatum") first,
  else the first date in the first page's header;
- total: the amount to pay or paid, labelled, over the subtotal and the tax lines;
- reference: invoice, order, policy or account number, by label;
- due date: by label ("due", "fällig", "zahlbar bis", "échéance", "vervaldatum").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.metadata.facts import DocumentType, FactName, Facts, Total, make_fact
from app.metadata.language import (
    FoundAmount,
    date_order,
    document_currency,
    find_amounts,
    find_dates,
)


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    index: int  # line number on its page
    text: str


def page_lines(pages: list[str]) -> list[Line]:
    out = []
    for p, page in enumerate(pages, start=1):
        for i, raw in enumerate(ln for ln in page.splitlines() if ln.strip()):
            out.append(Line(p, i, " ".join(raw.split())))
    return out


def _rx(*alternatives: str) -> re.Pattern[str]:
    # a typographic apostrophe is as good as a straight one ("date d’échéance")
    joined = "|".join(a.replace("'", "['’]") for a in alternatives)
    return re.compile(r"(?<![^\W\d_])(?:" + joined + r")(?![^\W\d_])", re.I)


# --- document type -------------------------------------------------------------------------

TYPE_WORDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.INVOICE: _rx(
        r"invoice",
        r"tax invoice",
        r"(?:electricity|gas|water|phone|mobile|internet|utility|your) bill",
        r"rechnung",
        r"(?!beitrags)[^\W\d_]+rechnung",
        r"rechnungsnummer",
        r"facture",
        r"factuur",
        r"factura",
        r"fattura",
        r"faktura",
        r"nota fiscal",
        r"proforma",
    ),
    DocumentType.RECEIPT: _rx(
        r"receipt",
        r"sales receipt",
        r"kassenbon",
        r"kassenbeleg",
        r"quittung",
        r"bon",
        r"reçu",
        r"ticket de caisse",
        r"kassabon",
        r"kwitantie",
        r"recibo",
        r"ricevuta",
        r"scontrino",
        r"kvitto",
        r"thank you for your purchase",
        r"cash",
        r"change",
        r"bar",
        r"rückgeld",
        r"wisselgeld",
        r"espèces",
    ),
    DocumentType.BANK_STATEMENT: _rx(
        r"bank statement",
        r"account statement",
        r"statement of account",
        r"kontoauszug",
        r"relevé de compte",
        r"relevé bancaire",
        r"rekeningafschrift",
        r"dagafschrift",
        r"extracto (?:bancario|de cuenta)",
        r"estratto conto",
        r"opening balance",
        r"closing balance",
        r"alter kontostand",
        r"neuer kontostand",
        r"ancien solde",
        r"nouveau solde",
        r"beginsaldo",
        r"eindsaldo",
        r"saldo (?:inicial|final)",
    ),
    DocumentType.PAYSLIP: _rx(
        r"payslip",
        r"pay slip",
        r"pay stub",
        r"salary slip",
        r"earnings statement",
        r"gehaltsabrechnung",
        r"lohnabrechnung",
        r"entgeltabrechnung",
        r"bulletin de (?:paie|salaire)",
        r"fiche de paie",
        r"loonstrook",
        r"salarisstrook",
        r"loonspecificatie",
        r"nómina",
        r"recibo de salario",
        r"busta paga",
        r"cedolino",
        r"net pay",
        r"gross pay",
        r"nettolohn",
        r"auszahlungsbetrag",
        r"salaire net",
        r"nettoloon",
    ),
    DocumentType.TAX: _rx(
        r"tax return",
        r"tax assessment",
        r"notice of assessment",
        r"steuerbescheid",
        r"einkommensteuer(?:bescheid|erklärung)?",
        r"finanzamt",
        r"avis d'impôt",
        r"avis d'imposition",
        r"impôt sur le revenu",
        r"belastingaangifte",
        r"aanslag inkomstenbelasting",
        r"belastingdienst",
        r"declaración de la renta",
        r"agencia tributaria",
        r"dichiarazione dei redditi",
        r"internal revenue service",
        r"hm revenue",
    ),
    DocumentType.INSURANCE: _rx(
        r"insurance policy",
        r"policy schedule",
        r"certificate of insurance",
        r"insurance",
        r"versicherungsschein",
        r"versicherungspolice",
        r"[^\W\d_]*versicherung",
        r"beitragsrechnung",
        r"police d'assurance",
        r"attestation d'assurance",
        r"assurance",
        r"verzekeringspolis",
        r"polisblad",
        r"verzekering",
        r"póliza",
        r"seguro",
        r"polizza",
        r"assicurazione",
    ),
    DocumentType.CONTRACT: _rx(
        r"contract",
        r"agreement",
        r"vertrag",
        r"vereinbarung",
        r"contrat",
        r"overeenkomst",
        r"contrato",
        r"contratto",
        r"the parties",
        r"die parteien",
        r"les parties",
        r"partijen",
    ),
    DocumentType.MEDICAL: _rx(
        r"patient",
        r"diagnosis",
        r"prescription",
        r"patient(?:in)?",
        r"diagnose",
        r"befund",
        r"arztbrief",
        r"rezept",
        r"ordonnance",
        r"patiënt",
        r"médecin",
        r"paciente",
        r"diagnóstico",
        r"ricetta medica",
    ),
    DocumentType.MANUAL: _rx(
        r"manual",
        r"faq",
        r"documentation",
        r"guide",
        r"howto",
        r"tutorial",
        r"handbook",
        r"dokumentation",
        r"anleitung",
        r"leitfaden",
        r"user guide",
        r"user's guide",
        r"installation guide",
        r"handbuch",
        r"bedienungsanleitung",
        r"gebrauchsanweisung",
        r"benutzerhandbuch",
        r"mode d'emploi",
        r"manuel",
        r"guide d'utilisation",
        r"handleiding",
        r"gebruiksaanwijzing",
        r"manual de usuario",
        r"manuale",
        r"istruzioni",
    ),
    DocumentType.REPORT: _rx(
        r"report",
        r"annual report",
        r"bericht",
        r"jahresbericht",
        r"rapport",
        r"rapport annuel",
        r"verslag",
        r"jaarverslag",
        r"informe",
        r"relazione",
        r"rapporto",
    ),
    DocumentType.ARTICLE: _rx(
        r"abstract",
        r"doi",
        r"keywords",
        r"references",
        r"journal",
        r"zusammenfassung",
        r"résumé",
        r"samenvatting",
        r"resumen",
        r"riassunto",
    ),
    DocumentType.FORM: _rx(
        r"form",
        r"application form",
        r"formular",
        r"antrag",
        r"formulaire",
        r"demande",
        r"formulier",
        r"aanvraag",
        r"formulario",
        r"solicitud",
        r"modulo",
    ),
}
SALUTATION = _rx(
    r"dear",
    r"sehr geehrte[rs]?",
    r"liebe[rs]?",
    r"madame",
    r"monsieur",
    r"geachte",
    r"beste",
    r"estimad[oa]s?",
    r"gentile",
    r"egregio",
)
CLOSING = _rx(
    r"yours sincerely",
    r"yours faithfully",
    r"sincerely",
    r"kind regards",
    r"best regards",
    r"mit freundlichen grüßen",
    r"mit freundlichen grüssen",
    r"freundliche grüße",
    r"cordialement",
    r"salutations",
    r"met vriendelijke groet(?:en)?",
    r"hoogachtend",
    r"atentamente",
    r"saludos",
    r"cordiali saluti",
    r"distinti saluti",
)


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def detect_type(
    lines: list[Line], labels: dict[FactName, bool]
) -> tuple[DocumentType, Line] | None:
    """The kind with the most evidence, and the line that names it. Headings on the first page
    weigh most; an invoice, receipt or payslip must carry money (a total) to count."""
    first = [ln for ln in lines if ln.page == 1]
    head = first[:25]
    scores: dict[DocumentType, float] = {}
    where: dict[DocumentType, Line] = {}
    for kind, pattern in TYPE_WORDS.items():
        score = 0.0
        for ln in lines[:400]:
            hits = _count(pattern, ln.text)
            if not hits:
                continue
            weight = 1.0
            if ln.page == 1 and ln.index < 25:
                heading = len(ln.text) <= 40 and not ln.text.endswith(".")
                weight = 3.0 if heading else 2.0
            elif ln.page == 1:
                weight = 1.5
            score += weight * min(hits, 2)
            if kind not in where or (weight > 1.0 and where[kind].page != 1):
                where.setdefault(kind, ln)
        if score:
            scores[kind] = score
    money = labels.get(FactName.TOTAL, False)
    for kind in (DocumentType.INVOICE, DocumentType.RECEIPT, DocumentType.PAYSLIP):
        if kind in scores and not money:
            scores[kind] *= 0.6 if kind is DocumentType.INVOICE else 0.3
    if DocumentType.INVOICE in scores and labels.get(FactName.REFERENCE):
        scores[DocumentType.INVOICE] += 2.0
    if money and DocumentType.RECEIPT in scores and DocumentType.INVOICE in scores:
        # "Rechnung" printed on a till receipt is common; a receipt names cash or change
        scores[DocumentType.RECEIPT] *= 0.8
    text = "\n".join(ln.text for ln in lines[:300])
    salutation = next((ln for ln in head if SALUTATION.match(ln.text)), None)
    if salutation and CLOSING.search(text):
        scores[DocumentType.LETTER] = scores.get(DocumentType.LETTER, 0.0) + 4.0
        where[DocumentType.LETTER] = salutation
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 1.5:
        return None
    return best, where[best]


# Kinds that have a sender whose name heads the first page.
SENT_KINDS = frozenset(
    {
        DocumentType.INVOICE,
        DocumentType.RECEIPT,
        DocumentType.BANK_STATEMENT,
        DocumentType.PAYSLIP,
        DocumentType.TAX,
        DocumentType.INSURANCE,
        DocumentType.LETTER,
        DocumentType.MEDICAL,
    }
)

# --- correspondent -------------------------------------------------------------------------

LEGAL_FORM = (
    r"(?:GmbH|GMBH|Gmbh)(?:\s*&\s*Co\.?\s*KG)?|AG|KG|OHG|UG(?:\s*\(haftungsbeschränkt\))?|e\.\s?K\.|e\.\s?V\.|"
    r"B\.\s?V\.|BV|N\.\s?V\.|NV|V\.O\.F\.|VOF|"
    r"S\.?A\.?S\.?|SAS|SARL|S\.A\.R\.L\.|SA|S\.A\.|SNC|EURL|SASU|"
    r"S\.L\.|SL|S\.L\.U\.|S\.r\.l\.|Srl|S\.p\.A\.|SpA|"
    r"Ltd\.?|Limited|LLC|L\.L\.C\.|Inc\.?|Incorporated|Corp\.?|Corporation|plc|PLC|LLP|LP|"
    r"Pty\.?\s?Ltd\.?|Pty|AB|A/S|ApS|AS|Oy|Sp\.\s?z\s?o\.\s?o\.|s\.r\.o\."
)
ENTITY = re.compile(
    r"(?P<name>(?:[^\W\d_][\w&'’.+-]*|\d[\w&-]*[^\W\d_][\w&-]*)(?:[ ,]+(?:[\w&'’.+-]+|&)){0,5}?"
    r",?\s+(?:" + LEGAL_FORM + r"))(?![\w])",
)
ISSUER_MARK = _rx(
    r"vat(?: reg(?:istration)?)?(?: no| number| id)?",
    r"ust-?id(?:nr)?",
    r"ust\.?-?idnr",
    r"umsatzsteuer-?id",
    r"steuer-?nr",
    r"steuernummer",
    r"tva intracom\w*",
    r"n° tva",
    r"siret",
    r"siren",
    r"rcs",
    r"btw(?:-?nr| nummer|-?nummer)?",
    r"kvk(?:-?nummer)?",
    r"handelsregister",
    r"registergericht",
    r"amtsgericht",
    r"hrb",
    r"company (?:no|number|reg)",
    r"registered (?:in|office)",
    r"iban",
    r"bic",
    r"swift",
    r"nif",
    r"cif",
    r"p\.? ?iva",
    r"partita iva",
    r"geschäftsführer",
    r"directeur",
    r"www\.",
    r"@",
)
FROM_LABEL = re.compile(
    r"^(?:from|von|absender|de|van|afzender|remitente|mittente|seller|verk[äa]ufer|vendeur|"
    r"verkoper|supplier|lieferant|fournisseur|leverancier|issued by|issuer)"
    r"(?:\s*:\s*(.*)|\s*)$",
    re.I,
)
RECIPIENT_LABEL = re.compile(
    r"^(?:bill(?:ed)? to|invoice to|sold to|ship(?:ped)? to|deliver(?:y|ed)? to|to|customer|"
    r"client|an|kunde|rechnungsempf[äa]nger|rechnungsadresse|lieferadresse|empf[äa]nger|à|a|"
    r"facturé à|adresse de facturation|destinataire|aan|klant|factuuradres|afleveradres|"
    r"cliente|destinatario|facturar a|attn|attention|k[äa]ufer|kaufer|leistungsempf[äa]nger|"
    r"k[äa]ufer/leistungsempf[äa]nger|buyer|purchaser|acheteur|koper|afnemer|comprador|"
    r"acquirente|committente|herrn|herr|frau|monsieur|madame|mevrouw|de heer|dhr\.|mw\.)"
    r"(?![^\W\d_])\s*[:.]?\s*(.*)$",
    re.I,
)
NOT_A_NAME = re.compile(
    r"\d{4,}|@|:|www\.|https?:|©|\(c\)|\b(?:copyright|tel|fax|phone|telefon|téléphone|iban|bic|page|seite|"
    r"invoice|rechnung|facture|factuur|factura|fattura|receipt|total|datum|date|"
    r"verk[äa]ufer|seller|vendeur|verkoper|lieferant|supplier)\b",
    re.I,
)


AUTHOR = re.compile(
    r"^(?:by|von|par|door|di|por|author|autor|auteur)\s*:?\s+(?P<name>[^\W\d_][\w.'’ -]{2,60})$",
    re.I,
)
COPYRIGHT = re.compile(
    r"^(?:copyright\s*(?:©|\(c\))?|©)\s*(?:\d{4}(?:\s*[-–,]\s*\d{4})*,?\s+)"
    r"(?:by\s+)?(?P<name>[^\W\d_][^.;]{2,60}?)\.?$",
    re.I,
)


def detect_author(lines: list[Line]) -> tuple[str, Line] | None:
    """Who wrote or publishes a manual, report or article: a "by X" line near the top, else
    the holder of the copyright notice on its first pages."""
    for ln in lines:
        if ln.page == 1 and ln.index < 15:
            match = AUTHOR.match(ln.text)
            if match:
                return _clean_name(match.group("name")), ln
    for ln in lines:
        if ln.page > 2:
            break
        match = COPYRIGHT.match(ln.text)
        if match:
            return _clean_name(match.group("name")), ln
    return None


# The one-line return address above a window envelope's address (DIN 5008 and its
# neighbours): "weclapp.com | Somestreet 42 | 08155 Some city". Its first part is the sender;
# the lines after it are the recipient's address.
SENDER_LINE = re.compile(r"^(?P<name>[^|·•\d][^|·•]{2,60}?)\s*[|·•]\s*.*\b\d{4,5}\s+[^\W\d_]", re.I)


def _sender_line(first_page: list[Line]) -> Line | None:
    return next((ln for ln in first_page[:8] if SENDER_LINE.match(ln.text)), None)


def _recipient_lines(lines: list[Line]) -> set[tuple[int, int]]:
    """Lines of the address block that follows a recipient label: never the issuer."""
    out: set[tuple[int, int]] = set()
    for i, ln in enumerate(lines):
        match = RECIPIENT_LABEL.match(ln.text)
        if not match:
            continue
        if match.group(1):
            out.add((ln.page, ln.index))
        for nxt in lines[i + 1 : i + 5]:
            if nxt.page != ln.page or FROM_LABEL.match(nxt.text):
                break
            out.add((nxt.page, nxt.index))
    return out


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?", "", name.strip(), flags=re.I)
    name = name.strip(" ,;:-–|·•")
    return " ".join(name.split())


def detect_correspondent(
    lines: list[Line], letterhead: bool = True
) -> tuple[str, Line, float] | None:
    """The issuer: a named legal entity scored by where it stands (letterhead, "From" block,
    beside a VAT id / IBAN / register line) and how often it recurs; the recipient's block is
    excluded. Without a legal form, the first name-like line of the letterhead."""
    if not letterhead:
        author = detect_author(lines)
        if author is not None:
            return author[0], author[1], 0.6
    recipient = _recipient_lines(lines)
    first_page = [ln for ln in lines if ln.page == 1]
    sender = _sender_line(first_page)
    if sender is not None:
        match = SENDER_LINE.match(sender.text)
        if match:
            name = _clean_name(match.group("name"))
            if len(name) >= 3 and not NOT_A_NAME.search(name):
                return name, sender, 0.8
    scores: dict[str, float] = {}
    spelled: dict[str, tuple[str, Line]] = {}
    from_block: set[tuple[int, int]] = set()
    for i, ln in enumerate(first_page):
        if FROM_LABEL.match(ln.text):
            for nxt in first_page[i : i + 5]:
                from_block.add((nxt.page, nxt.index))
    marks = {(ln.page, ln.index) for ln in lines if ISSUER_MARK.search(ln.text)}
    named = next(
        (
            ln
            for ln in first_page
            if (ln.page, ln.index) in from_block
            and re.match(
                r"^(?:name|firma|company|raison sociale|naam|nome)\s*:\s*\S", ln.text, re.I
            )
        ),
        None,
    )
    for ln in lines:
        if ln.page > 2:
            break
        if (ln.page, ln.index) in recipient or re.search(r"©|\(c\)|copyright", ln.text, re.I):
            continue
        for match in ENTITY.finditer(ln.text):
            name = _clean_name(match.group("name"))
            if len(name) < 4 or len(name) > 70:
                continue
            key = name.lower()
            score = 1.0
            if ln.page == 1 and ln.index < 8:
                score += 2.0
            if (ln.page, ln.index) in from_block:
                score += 3.0
            near = any((ln.page, ln.index + d) in marks for d in (-2, -1, 0, 1, 2))
            if near:
                score += 2.0
            scores[key] = scores.get(key, 0.0) + score
            spelled.setdefault(key, (name, ln))
    if named is not None and not scores:
        return _clean_name(named.text.split(":", 1)[1]), named, 0.7
    if scores:
        best = max(scores, key=lambda k: (scores[k], -spelled[k][1].page, -spelled[k][1].index))
        name, line = spelled[best]
        return name, line, min(0.95, 0.5 + 0.1 * scores[best])
    if not letterhead:
        return None
    # no legal form anywhere: the "From" line, or the letterhead's first name-like line (only
    # for a kind that has a sender: a newsletter's heading is not one)
    for i, ln in enumerate(first_page[:12]):
        labelled = FROM_LABEL.match(ln.text)
        if labelled:
            match = labelled
            value = match.group(1) or (first_page[i + 1].text if i + 1 < len(first_page) else "")
            target = ln if match.group(1) else first_page[i + 1] if i + 1 < len(first_page) else ln
            if value and not NOT_A_NAME.search(value):
                return _clean_name(value), target, 0.6
    for ln in first_page[:4]:
        if (ln.page, ln.index) in recipient or NOT_A_NAME.search(ln.text):
            continue
        words = ln.text.split()
        if (
            1 <= len(words) <= 5
            and len(ln.text) <= 40
            and sum(w[:1].isupper() for w in words) >= max(1, len(words) - 1)
            and not any(p.search(ln.text) for p in TYPE_WORDS.values())
            and not find_dates(ln.text)
        ):
            return _clean_name(ln.text), ln, 0.4
    return None


# --- labelled values -----------------------------------------------------------------------

DOCUMENT_DATE_LABEL = _rx(
    r"invoice date",
    r"date of issue",
    r"issue date",
    r"date issued",
    r"statement date",
    r"receipt date",
    r"rechnungsdatum",
    r"belegdatum",
    r"ausstellungsdatum",
    r"ausgestellt am",
    r"datum der rechnung",
    r"date de (?:la )?facture",
    r"date d'émission",
    r"date de facturation",
    r"factuurdatum",
    r"datum factuur",
    r"fecha de (?:la )?factura",
    r"fecha de emisión",
    r"fecha factura",
    r"data (?:della )?fattura",
    r"data di emissione",
    r"data emissione",
    # "Rechnung Nr. 471113 vom 13.06.2018", "FATTURA N. FAT01 del 09/01/2017"
    r"(?:[^\W\d_]*rechnung|invoice|facture|factuur|fattura|factura|avoir|gutschrift)"
    r"\b[^\n]{0,60}?\b(?:vom|von|du|del|van|of|dated|de)",
)
GENERIC_DATE_LABEL = _rx(r"date", r"dated", r"datum", r"fecha", r"data")
DUE_LABEL = _rx(
    r"due date",
    r"due on",
    r"due by",
    r"payment due",
    r"pay by",
    r"payable by",
    r"due",
    r"fällig(?:keit(?:sdatum)?)?(?: am| bis)?",
    r"zahlbar bis",
    r"(?:überweisen|zahlen|bezahlen|begleichen)[^.]{0,40}?bis(?: zum)?",
    r"netto bis",
    r"zahlbar[^.]{0,40}?bis(?: zum)?",
    r"zahlungsziel",
    r"zahlungsfrist",
    r"date d'échéance",
    r"échéance",
    r"à payer avant le",
    r"payable avant le",
    r"à régler avant le",
    r"vervaldatum",
    r"vervaldag",
    r"uiterste betaaldatum",
    r"te betalen vóór",
    r"te betalen voor",
    r"betalen voor",
    r"fecha de vencimiento",
    r"vencimiento",
    r"data di scadenza",
    r"scadenza",
)
NOT_DOCUMENT_DATE = _rx(
    r"due",
    r"fällig\w*",
    r"zahlbar",
    r"échéance",
    r"vervaldatum",
    r"vencimiento",
    r"scadenza",
    r"delivery date",
    r"lieferdatum",
    r"leistungsdatum",
    r"date de livraison",
    r"leverdatum",
    r"period",
    r"[^\W\d_]*zeitraum",
    r"stand",
    r"période",
    r"periode",
    r"geburtsdatum",
    r"date of birth",
    r"valid (?:until|from)",
    r"gültig",
    r"order date",
    r"bestelldatum",
    r"date de commande",
    r"besteldatum",
)

TOTAL_STRONG = _rx(
    r"amount due",
    r"total due",
    r"balance due",
    r"grand total",
    r"total amount(?: due)?",
    r"total to pay",
    r"amount payable",
    r"total payable",
    r"invoice total",
    r"total \(?incl\.?(?:uding)? (?:vat|tax)\)?",
    r"total inc\.? vat",
    r"amount paid",
    r"total paid",
    r"gesamtbetrag",
    r"rechnungsbetrag",
    r"endbetrag",
    r"zu zahlen(?:der betrag)?",
    r"zahlbetrag",
    r"gesamtsumme",
    r"endsumme",
    r"zu zahlende[rn]? (?:betrag|beitrag|summe)",
    r"rechnungssumme",
    r"bruttosumme",
    r"[^\W\d_]*summe brutto",
    r"rechnungsbetrag",
    r"bruttobetrag",
    r"summe brutto",
    r"gesamt brutto",
    r"brutto gesamt",
    r"montant ttc",
    r"total ttc",
    r"net à payer",
    r"montant à payer",
    r"total à payer",
    r"montant total",
    r"reste à payer",
    r"te betalen",
    r"totaal te betalen",
    r"totaalbedrag",
    r"totaal incl\.? btw",
    r"totaal inclusief btw",
    r"importe total",
    r"total a pagar",
    r"total factura",
    r"totale (?:da pagare|fattura|documento)",
    r"importo totale",
    r"net pay",
    r"auszahlungsbetrag",
    r"nettolohn",
    r"salaire net",
    r"netto uitbetaald",
)
TOTAL_WEAK = _rx(
    r"total", r"gesamt", r"summe", r"totaal", r"totale", r"betrag", r"montant", r"importe", r"sum"
)
NOT_TOTAL = _rx(
    r"sub-?total",
    r"zwischensumme",
    r"teilsumme",
    r"sous-?total",
    r"subtotaal",
    r"subtotale",
    r"netto(?:betrag)?",
    r"net(?! à payer| pay)",
    r"total ht",
    r"montant ht",
    r"hors taxes?",
    r"excl\.?(?:usive)?",
    r"exkl\.?",
    r"zzgl\.?",
    r"ohne mwst",
    r"vat",
    r"tax",
    r"mwst\.?",
    r"ust\.?",
    r"umsatzsteuer",
    r"mehrwertsteuer",
    r"tva",
    r"btw(?! inbegrepen)",
    r"iva",
    r"discount",
    r"rabatt",
    r"remise",
    r"korting",
    r"shipping",
    r"versand",
    r"frais de port",
    r"verzendkosten",
    r"deposit",
    r"anzahlung",
    r"acompte",
)
INCLUDING_TAX = _rx(
    r"incl\.?(?:usive|uding)?\.? (?:vat|tax|mwst|btw|tva|iva)",
    r"inkl\.? (?:mwst|ust)",
    r"ttc",
    r"brutto",
    r"total due",
    r"amount due",
    r"grand total",
)

REFERENCE_LABELS: list[tuple[re.Pattern[str], float]] = [
    (
        _rx(
            r"invoice (?:no|number|num|nr|#|id)\.?",
            r"invoice",
            r"tax invoice (?:no|number)",
            r"receipt (?:no|number|#)\.?",
            r"rechnungs?-?(?:nummer|nr\.?|no\.?)",
            r"rechnung (?:nr|no)\.?",
            r"[^\W\d_]*(?:rechnung|versicherung) (?:\(\d+\) )?(?:nr|no)\.?",
            r"rechnung",
            r"fattura",
            r"factura",
            r"avoir",
            r"gutschrift",
            r"credit note",
            r"re\.?-?nr\.?",
            r"belegnummer",
            r"beleg-?nr\.?",
            r"n° de facture",
            r"numéro de facture",
            r"facture n°",
            r"facture no",
            r"facture",
            r"factuurnummer",
            r"factuurnr\.?",
            r"factuur",
            r"número de factura",
            r"nº de factura",
            r"factura (?:n[ºo°]|núm\.?)",
            r"numero (?:di )?fattura",
            r"fattura n\.?",
            r"document no\.?",
        ),
        1.0,
    ),
    (
        _rx(
            r"order (?:no|number|id|#)\.?",
            r"bestellnummer",
            r"bestell-?nr\.?",
            r"auftragsnummer",
            r"auftrags-?nr\.?",
            r"(?:n° de )?commande(?: n°)?",
            r"bestelnummer",
            r"ordernummer",
            r"número de pedido",
            r"pedido",
            r"numero ordine",
        ),
        0.8,
    ),
    (_rx(r"form"), 0.5),
    (
        _rx(
            r"policy (?:no|number)\.?",
            r"versicherungsscheinnummer",
            r"versicherungsnummer",
            r"vertragsnummer",
            r"police n°",
            r"numéro de (?:police|contrat)",
            r"contract (?:no|number)\.?",
            r"polisnummer",
            r"contractnummer",
            r"número de póliza",
            r"numero (?:di )?polizza",
        ),
        0.8,
    ),
    (
        _rx(
            r"account (?:no|number)\.?",
            r"kontonummer",
            r"numéro de compte",
            r"rekeningnummer",
            r"número de cuenta",
            r"customer (?:no|number|id)\.?",
            r"kundennummer",
            r"kunden-?nr\.?",
            r"n° client",
            r"numéro client",
            r"klantnummer",
            r"número de cliente",
            r"codice cliente",
            r"reference",
            r"ref\.?",
            r"référence",
            r"referentie",
            r"kenmerk",
            r"referencia",
            r"riferimento",
        ),
        0.6,
    ),
]
REFERENCE_VALUE = re.compile(
    r"^\s*(?:[:#.]|n[°ºo]\.?|nr\.?|no\.?|number)?\s*[:#.]?\s*"
    r"(?P<value>(?=[\w/.-]*\d)[A-Z0-9][A-Z0-9/._-]{1,30}[A-Z0-9])",
    re.I,
)


def _after_label(line: Line, pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
    """The text after each occurrence of a label on `line`, with its offset."""
    for match in pattern.finditer(line.text):
        yield line.text[match.end() :], match.end()


def detect_dates(
    lines: list[Line], language: str | None, order: str
) -> tuple[tuple[Line, str, object] | None, tuple[Line, str, object] | None]:
    """(document date, due date), each as (line, date text, date)."""
    document = due = None
    for i, ln in enumerate(lines[:400]):
        for pattern, kind in ((DUE_LABEL, "due"), (DOCUMENT_DATE_LABEL, "doc")):
            if (kind == "due" and due) or (kind == "doc" and document):
                continue
            for rest, _ in _after_label(ln, pattern):
                found = find_dates(rest[:60], language, order)
                target = ln
                if not found and i + 1 < len(lines) and lines[i + 1].page == ln.page:
                    nxt = lines[i + 1]
                    if len(rest.strip(" :.")) == 0:
                        found = find_dates(nxt.text[:40], language, order)
                        target = nxt
                if found:
                    hit = (target, found[0].text, found[0].value)
                    if kind == "due":
                        due = hit
                    else:
                        document = hit
                    break
    if document is None:
        # a generic "Date:" label, then the first date in the first page's header
        for ln in lines[:60]:
            if ln.page != 1 or NOT_DOCUMENT_DATE.search(ln.text):
                continue
            if GENERIC_DATE_LABEL.search(ln.text):
                found = find_dates(ln.text, language, order)
                if found:
                    document = (ln, found[0].text, found[0].value)
                    break
    if document is None:
        for ln in lines[:40]:
            if ln.page != 1 or NOT_DOCUMENT_DATE.search(ln.text):
                continue
            found = find_dates(ln.text, language, order)
            if found:
                document = (ln, found[0].text, found[0].value)
                break
    return document, due


def _amount_after(
    lines: list[Line], i: int, match: re.Match[str]
) -> tuple[Line, FoundAmount] | None:
    """The amount a total label stands for: on its line, the first amount right after it
    (a long line is a table row flattened into one line) or the right-most of a short line;
    for a label alone at the end of a line (a table's last column header), the next line's
    right-most amount."""
    ln = lines[i]
    after = [a for a in find_amounts(ln.text) if a.start >= match.end() and a.amount != 0]
    if after:
        if len(ln.text) > 80:
            near = [a for a in after if a.start - match.end() <= 30]
            return (ln, near[0]) if near else None
        return ln, after[-1]  # the right-most column is the line's total
    if ln.text[match.end() :].strip(" :") or i + 1 >= len(lines) or lines[i + 1].page != ln.page:
        return None
    following = [a for a in find_amounts(lines[i + 1].text) if a.amount != 0]
    return (lines[i + 1], following[-1]) if following else None


def detect_total(lines: list[Line], currency: str | None) -> tuple[Line, FoundAmount, float] | None:
    """The amount to pay: a strongly labelled line first (amount due, Gesamtbetrag, montant
    TTC, te betalen), else a plain "Total" line that is not a subtotal, tax or discount line;
    among equals the larger amount (the total is over its subtotal), then the later line. A
    credit note's total is negative."""
    best: tuple[float, int, FoundAmount, Line] | None = None
    for i, ln in enumerate(lines):
        for pattern, strength in ((TOTAL_STRONG, 3.0), (TOTAL_WEAK, 1.0)):
            found = None
            for match in pattern.finditer(ln.text):
                label = ln.text[max(0, match.start() - 8) : match.end() + 12]
                if NOT_TOTAL.search(label) and not INCLUDING_TAX.search(label):
                    continue
                found = _amount_after(lines, i, match)
                if found is not None:
                    break
            if found is None:
                continue
            target, amount = found
            score = strength + (0.5 if INCLUDING_TAX.search(ln.text) else 0.0)
            key = (score, float(abs(amount.amount)))
            if best is None or key > (best[0], float(abs(best[2].amount))):
                best = (score, i, amount, target)
            break
    if best is None:
        return None
    score, _, amount, line = best
    return line, amount, 0.9 if score >= 3 else 0.6


# a type word alone as the label ("Rechnung RE1001") yields to a number label
LABEL_BARE = re.compile(
    r"(?:rechnung|fattura|factura|facture|factuur|invoice|avoir|gutschrift|form)", re.I
)


def detect_reference(lines: list[Line]) -> tuple[Line, str, float] | None:
    best: tuple[float, Line, str] | None = None
    for i, ln in enumerate(lines[:300]):
        for pattern, weight in REFERENCE_LABELS:
            for rest, _ in _after_label(ln, pattern):
                target = ln
                match = REFERENCE_VALUE.match(rest)
                if not match and not rest.strip(" :#.") and i + 1 < len(lines):
                    target = lines[i + 1]
                    match = REFERENCE_VALUE.match(target.text)
                if not match:
                    continue
                value = match.group("value").strip("./-_")
                if find_dates(value) or re.fullmatch(r"\d{1,2}", value):
                    continue
                position = 0.1 if ln.page == 1 and ln.index < 30 else 0.0
                own_line = 0.05 if target is ln else 0.0
                label_words = ln.text[: len(ln.text) - len(rest)].split()
                bare = -0.05 if label_words and LABEL_BARE.fullmatch(label_words[-1]) else 0.0
                score = weight + position + own_line + bare
                if best is None or score > best[0]:
                    best = (score, target, value)
                break
    if best is None:
        return None
    return best[1], best[2], min(0.9, best[0])


# --- all together --------------------------------------------------------------------------


def extract_facts(pages: list[str], language: str | None) -> Facts:
    """Every fact the rules find in the document's page texts; absent when not found."""
    lines = page_lines(pages)
    text = "\n".join(pages)
    facts: Facts = {}
    order = date_order(language, text)

    def add(name: FactName, value: object, line: Line, quote: str, confidence: float) -> None:
        fact = make_fact(
            name, value, page=line.page, quote=quote, pages=pages, confidence=confidence
        )
        if fact is not None:
            facts[name] = fact

    total = detect_total(lines, None)
    if total:
        line, amount, confidence = total
        currency = amount.currency or document_currency(text)
        if currency:
            add(FactName.TOTAL, Total(amount.amount, currency), line, line.text, confidence)
    reference = detect_reference(lines)
    if reference:
        line, value, confidence = reference
        add(FactName.REFERENCE, value, line, line.text, confidence)
    document, due = detect_dates(lines, language, order)
    if document:
        add(FactName.DOCUMENT_DATE, document[2], document[0], document[0].text, 0.8)
    if due:
        add(FactName.DUE_DATE, due[2], due[0], due[0].text, 0.8)
    kind = detect_type(
        lines, {FactName.TOTAL: FactName.TOTAL in facts, FactName.REFERENCE: bool(reference)}
    )
    if kind:
        add(FactName.DOCUMENT_TYPE, kind[0], kind[1], kind[1].text, 0.7)
    sent = kind is not None and kind[0] in SENT_KINDS
    correspondent = detect_correspondent(lines, letterhead=sent)
    if correspondent:
        name, line, confidence = correspondent
        add(FactName.CORRESPONDENT, name, line, line.text, confidence)
    return facts
