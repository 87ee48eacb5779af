"""The words the local facts engine reads by, in the languages it knows: the keywords of each
kind of document, legal forms, the labels of dates, totals and references, and the blocks that
name a sender or a recipient. Kept apart from the rules (`local_facts.py`) so that a new
language is a change of this file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.metadata.facts import DocumentType


def _rx(*alternatives: str) -> re.Pattern[str]:
    # a typographic apostrophe is as good as a straight one ("date d’échéance")
    joined = "|".join(a.replace("'", "['’]") for a in alternatives)
    return re.compile(r"(?<![^\W\d_])(?:" + joined + r")(?![^\W\d_])", re.I)


_OCR_ACCENTS = {"à": "[aà]", "â": "[aâ]", "é": "[eé]", "è": "[eè]", "ä": "[aä]", "ö": "[oö]"}
_OCR_ACCENTS |= {"ü": "[uü]", "ó": "[oó]", "í": "[ií]", "ú": "[uú]"}


def _rx_ocr(*alternatives: str) -> re.Pattern[str]:
    """`_rx` for labels OCR reads without their accents ("NET A PAYER", "Zuruck"): each
    accented letter also matches its plain letter."""
    return _rx(*(_fold_accents(a) for a in alternatives))


def _fold_accents(pattern: str) -> str:
    out, in_class = [], False
    for c in pattern:
        in_class = (in_class or c == "[") and c != "]"
        out.append(c if in_class else _OCR_ACCENTS.get(c, c))
    return "".join(out)


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
    # further countries' tax and company numbers, and the capital a company line states
    r"gstin",
    r"gst (?:no|number|reg(?:istration)?)",
    r"cin(?=\s*[:#])",
    r"pan (?:no|number)",
    r"abn",
    r"employer identification number",
    r"tax id",
    r"uid(?:-?nr)?",
    r"mwst-?nr",
    r"rsin",
    r"codice fiscale",
    r"c\.\s?f\.",
    r"r\.e\.a\.",
    r"capitale sociale",
    r"au capital de",
    r"capital social",
    r"share capital",
    r"stammkapital",
    r"registered in (?:england|scotland|ireland)",
    r"n\.?i\.?f\.?",
    r"c\.i\.f\.?",
)

FROM_LABEL = re.compile(
    r"^(?:from|von|absender|de|van|afzender|remitente|mittente|seller|verk[äa]ufer|vendeur|"
    r"verkoper|supplier|lieferant|fournisseur|leverancier|issued by|issuer|vendor|sold by|"
    r"billed by|rechnungssteller|leistungserbringer|auftragnehmer|[ée]metteur|emisor|"
    r"proveedor|fornitore|cedente(?:/prestatore)?|prestatore|emittente|prestataire|"
    # a card slip's or a payment service's receipt: the business paid
    r"merchant(?: name)?|h[äa]ndler|commer[çc]ant|esercente|"
    # whose care a medical bill or note is for
    r"(?:service |health ?care |medical |attending )?provider|(?:attending )?physician|"
    r"behandelnde[rn]? [äa]rzt(?:in)?|m[ée]decin(?: traitant)?)"
    r"(?:\s*:\s*(.*)|\s*)$",
    re.I,
)

RECIPIENT_LABEL = re.compile(
    r"^(?:bill(?:ed)? to|invoice to|sold to|ship(?:ped)? to|deliver(?:y|ed)? to|to|customer|"
    r"issued to|prepared for|recipient|receiver|consignee|"
    r"details of (?:receiver|consignee|buyer|recipient)|"
    r"client|an|kunde|rechnungsempf[äa]nger|rechnungsadresse|lieferadresse|empf[äa]nger|à|a|"
    r"facturé à|adresse de facturation|destinataire|aan|klant|factuuradres|afleveradres|"
    r"cliente|destinatario|facturar a|attn|attention|k[äa]ufer|kaufer|leistungsempf[äa]nger|"
    r"k[äa]ufer/leistungsempf[äa]nger|buyer|purchaser|acheteur|koper|afnemer|comprador|"
    r"acquirente|committente|cessionario(?:/committente)?|receptor|auftraggeber|"
    r"spett\.?(?:le|abile)|alla c\.a\.|herrn|herr|frau|monsieur|madame|"
    r"mevrouw|de heer|dhr\.|mw\.|"
    # an address block's own headings
    r"(?:billing|shipping|delivery|invoice|customer) address|(?:customer|client) details|"
    r"adresse de livraison|livr[ée] à|à l['’]attention de|dati (?:del )?cliente|"
    r"datos del cliente|dados do cliente|destinat[áa]rio|faturar a|exmos?\.?(?:\(s\))?|"
    r"debiteur|t\.\s?a\.\s?v\.|z\.\s?hd\.?|zu h[äa]nden|patient(?:in)?|paciente|paziente|"
    # a Swiss QR-bill's payer: "Zahlbar durch", "Payable par", "Pagabile da", "Payable by"
    r"zahlbar durch(?: \(name/adresse\))?|payable par(?: \(nom/adresse\))?|"
    r"pagabile da(?: \(nome/indirizzo\))?|payable by(?: \(name/address\))?|"
    # hyphenated (SAP's "Bill-to party") and further languages' "billed to"
    r"(?:bill|sold|ship|deliver)-to(?: party| address)?|invoiced to|charged to|rechnung an|"
    r"geliefert an|factur[ée]e? à|vendu à|livr[ée]e? à|factuur aan|gefactureerd aan|"
    r"fatturat[oa] a|facturad[oa] a|faturad[oa] a)"
    r"(?![^\W\d_])\s*[:.]?\s*(.*)$",
    re.I,
)

NOT_A_NAME = re.compile(
    r"\d{4,}|@|:|www\.|https?:|©|\(c\)|\b(?:copyright|tel|fax|phone|telefon|téléphone|iban|bic|page|seite|"
    r"invoice|rechnung|facture|factuur|factura|fattura|receipt|total|datum|date|"
    r"verk[äa]ufer|seller|vendeur|verkoper|lieferant|supplier|e-?mail|"
    # a page's section headings
    r"overview|summary|details|übersicht|zusammenfassung|récapitulatif|overzicht|resumen|riepilogo)\b",
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

# The one-line return address above a window envelope's address (DIN 5008 and its
# neighbours): "weclapp.com | Somestreet 42 | 08155 Some city". Its first part is the sender;
# the lines after it are the recipient's address.
SENDER_LINE = re.compile(r"^(?P<name>[^|·•\d][^|·•]{2,60}?)\s*[|·•]\s*.*\b\d{4,5}\s+[^\W\d_]", re.I)

DOCUMENT_DATE_LABEL = _rx_ocr(
    r"invoice date",
    r"invoice dt\.?",
    r"inv\.? date",
    r"date of invoice",
    r"bill(?:ing)? date",
    r"document date",
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
    r"date (?:de )?facture",
    r"facture émise le",
    r"factuur datum",
    r"rechnungs-datum",
    r"factuurdatum",
    r"datum factuur",
    r"fecha de (?:la )?factura",
    r"fecha de emisión",
    r"fecha factura",
    r"data (?:della )?fattura",
    r"data di emissione",
    r"data emissione",
    r"issued on",
    r"issued(?=:? \d)",
    r"émise? le",
    r"emitid[ao] el",
    r"emess[ao] il",
    r"uitgegeven op",
    # Portuguese, Spanish and Italian issue dates ("Data da fatura", "Fecha de expedición",
    # "Data documento")
    r"data da fatura",
    r"data d[ae] emissão",
    r"data (?:do |del )?documento",
    r"fecha (?:de )?(?:expedición|emisión)",
    r"fecha (?:del )?documento",
    # a contract's effective date ("Effective Date: 1 March 2023", "entered into as of
    # 15 October 2022")
    r"effective date",
    r"(?:entered into|entered|made|dated|effective) as of(?: this)?",
    # a payslip's date is the day it pays, not its pay period ("Pay Begin Date")
    r"pay date",
    r"payday",
    r"advice date",
    r"check date",
    r"cheque date",
    r"auszahlungsdatum",
    r"date de paie",
    r"date de (?:versement|paiement) du salaire",
    r"uitbetalingsdatum",
    r"data (?:di )?pagamento (?:dello )?stipendio",
    r"fecha de pago de (?:la )?nómina",
    # "Rechnung Nr. 471113 vom 13.06.2018", "FATTURA N. FAT01 del 09/01/2017"
    r"(?:[^\W\d_]*rechnung|invoice|facture|factuur|fattura|factura|avoir|gutschrift)"
    r"\b[^\n]{0,60}?\b(?:vom|von|du|del|van|of|dated|de)",
)

# A label that names another document's date or number: a credit note's or a corrected
# invoice's reference to the invoice it amends ("Date de facture associée", "Original invoice
# date", "Bezugsrechnung").
OTHER_DOCUMENT = _rx_ocr(
    # the date of the order or delivery an invoice refers to ("Rechnung gemäß Bestellung vom",
    # "as per your order of", "suivant votre commande du")
    r"(?:bestellung|auftrag|auftragsbestätigung|lieferschein|lieferung|order|purchase order|"
    r"delivery note|commande|bon de livraison|bestelling|pakbon|ordine|pedido|albarán)"
    r"(?: nr\.?| no\.?| n°)?(?: [\w/.-]+)? (?:vom|von|of|dated|du|van|del|de)"
    r"(?=\s*(?:\d|$))",  # a date follows, here or on the next line ("Lieferung von Waren": no)
    r"associée?s?",
    r"d'origine",
    r"originale?",
    r"original",
    r"related",
    r"referenced",
    r"previous",
    r"précédente",
    r"ursprüngliche[rn]?",
    r"ursprungsrechnung",
    r"bezugsrechnung",
    r"korrigierte[rn]?",
    r"oorspronkelijke",
    r"gerelateerde",
    r"rectificada",
    r"originaria",
)

# A statement's period ("Period: 10/06/2021 to 11/06/2021", "Abrechnungszeitraum",
# "Période du … au …", "Periodo dal … al …"): its date is the period's end.
PERIOD_LABEL = _rx_ocr(
    r"(?:statement |billing |reporting )?period",
    r"[^\W\d_]*zeitraum",
    r"période",
    r"periode",
    r"periodo",
    r"período",
)

# Kinds that carry no total (a bank statement's balances are not an amount to pay or paid).
NO_TOTAL_KINDS = frozenset({DocumentType.BANK_STATEMENT})

# A statement's account number by the short labels banks print ("Konto 1234567890", "Compte
# n° …", "Account ending in 4321"): read on a statement only, since on a bill they are the
# issuer's bank details.
STATEMENT_ACCOUNT_LABEL = _rx(
    r"konto(?:-?nr\.?)?",
    r"n[°º] de compte",
    r"compte(?: courant| chèques?)?(?: n[°º])?",
    r"n[°ºo]\.? de cuenta",
    r"cuenta(?: corriente)?(?: n[°º])?",
    r"numero (?:di )?conto",
    r"conto(?: corrente)?(?: n\.?)?",
    r"rekening(?:nummer)?",
    r"(?:account|card) ending in",
    # an account's kind before its number in a summary of accounts ("CHECKING 008669178271")
    r"checking",
    r"savings",
    r"girokonto",
    r"sparkonto",
)

# Kinds without a number of their own: a payslip's numbers (employee, personnel, cost centre)
# are its employee's, not the document's.
NO_REFERENCE_KINDS = frozenset({DocumentType.PAYSLIP})

GENERIC_DATE_LABEL = _rx(r"date", r"dated", r"datum", r"fecha", r"data")

DUE_LABEL = _rx_ocr(
    r"due date",
    r"due on",
    r"due by",
    r"payment due",
    r"pay by",
    r"payable by",
    r"due",
    r"fällig(?:keit(?:sdatum|stag|stermin)?)?(?: am| bis)?",
    r"zahlbar bis",
    r"(?:überweisen|zahlen|bezahlen|begleichen)[^.]{0,40}?bis(?: zum)?",
    r"netto bis",
    r"zahlbar[^.]{0,40}?bis(?: zum)?",
    r"zahlungsziel",
    r"zahlungsfrist",
    r"date d'échéance",
    r"échéance",
    r"date limite(?: de (?:paiement|règlement))?",
    r"data (?:de )?vencimento",
    r"vencimento",
    r"data limite de pagamento",
    r"fecha límite(?: de pago)?",
    r"date due(?! date)",
    r"(?:à régler|à payer|payable) au plus tard le",
    r"au plus tard le",
    r"uiterlijk(?: op)?",
    r"(?:please )?pay before",
    r"(?:payable|due|pay|paid) on or before",
    # a direct debit's day ("sera prélevé le 28/12/2022", "wird am 18.03. eingezogen")
    r"(?:sera )?prélevée? le",
    r"prélèvement (?:le|du)",
    r"(?:abbuchung|einzug|lastschrifteinzug) (?:am|zum)",
    r"wird am(?= \d[^\n]{0,50}(?:eingezogen|abgebucht|belastet))",
    r"(?:will be )?(?:debited|collected) on",
    r"incasso op",
    r"addebit(?:o|ato) il",
    r"se (?:cargará|adeudará) el",
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
    r"(?:pagare|pagamento|saldare|versare)[^;\n]{0,60}?entro il",
    r"(?:pagar|pago)[^;\n]{0,60}?antes del",
    # more direct debits' days ("Fecha de cargo: 20/03/2024", "op of rond 15 maart 2024 af van
    # uw rekening", "debited from your account on", "será debitado em")
    r"fecha de (?:cargo|adeudo)",
    r"(?:op of rond|omstreeks|rond|op)(?= \d[^\n]{0,40}(?:af van uw|afgeschreven|geïncasseerd))",
    r"(?:debited|collected|taken) from your (?:bank )?account on",
    r"data (?:de|do) débito",
    r"será debitad[oa] (?:em|a)",
    r"payment deadline",
    r"payable le",
    r"betalen vóór",
    r"(?:a )?pagar até",
    r"pagável até",
)

NOT_DOCUMENT_DATE = _rx_ocr(
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
    r"born",
    r"geboren",
    r"geb\.",
    r"née? le",
    r"nato il",
    r"nacido",
    r"valid (?:until|from)",
    r"gültig",
    r"order date",
    r"start date",
    r"end date",
    r"date de d[ée]but",
    r"date de fin",
    r"(?:date de )?(?:d[ée]but|fin) de prestation",
    r"beginn",
    r"ende",
    r"begindatum",
    r"einddatum",
    r"fecha de (?:inicio|fin)",
    r"bestelldatum",
    r"date de commande",
    r"besteldatum",
    # an order's, a delivery's or a shipment's date in more words
    r"data d[ae] encomenda",
    r"data d[ae] entrega",
    r"fecha (?:de )?(?:pedido|entrega|envío)",
    r"data (?:dell')?ordine",
    r"data (?:di )?consegna",
    r"ship(?:ping|ment)? date",
    r"date shipped",
    r"dispatch date",
    r"versanddatum",
    # a date a customer's account or an offer runs from or to ("Kunde seit 01.01.2010",
    # "Member since", "Angebot bis 31.03.")
    r"seit",
    r"since",
    r"depuis",
    r"sinds",
    r"desde",
    r"bis",
    r"until",
    r"jusqu'au",
    r"hasta",
    r"fino al",
    # the day it was printed, not written ("Druckdatum", "Printed on")
    r"druckdatum",
    r"gedruckt am",
    r"printed(?: on)?",
    r"print date",
    r"date d'impression",
    r"imprimé le",
    r"afdrukdatum",
    r"fecha de impresión",
    r"data (?:di )?stampa",
    # a hotel bill's stay ("Arrival 03/05/2024 Departure 03/07/2024")
    r"arrival",
    r"departure",
    r"check-?in",
    r"check-?out",
    r"anreise",
    r"abreise",
    r"arrivée",
    r"départ",
    r"aankomst",
    r"vertrek",
    r"llegada",
    r"salida",
    r"arrivo",
    r"partenza",
)

TOTAL_STRONG = _rx_ocr(
    r"amount due",
    r"total due",
    r"balance due",
    r"grand total",
    r"total amount(?: due)?",
    r"total to pay",
    r"amount payable",
    r"total payable",
    r"invoice total",
    r"(?:total )?invoice (?:value|amount)",
    r"net payable",
    r"net amount payable",
    r"payable amount",
    r"total \(?incl\.?(?:uding)? (?:vat|tax)\)?",
    r"total inc\.? vat",
    r"total price",
    r"total (?:incl\.?|inc\.?|including) (?:gst|taxes)",
    r"gesamtpreis",
    r"prix total(?: ttc)?",
    r"totaalprijs",
    r"precio total",
    r"prezzo totale",
    r"amount paid",
    r"total paid",
    r"gesamtbetrag",
    r"rechnungsbetrag",
    r"endbetrag",
    r"[^\W\d_]+endbetrag",
    r"totalbetrag",
    r"pay this amount",
    r"zahlungsbetrag",
    r"überweisungsbetrag",
    r"offener betrag",
    r"restbetrag",
    r"total dû",
    r"somme due",
    r"montant de la facture",
    r"importe líquido",
    r"total importe",
    r"total \(?iva incluido\)?",
    r"factuurbedrag",
    r"openstaand bedrag",
    r"total do documento",
    r"valor (?:a|à) pagar",
    r"(?:totaal )?te voldoen",
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
    r"total t\.t\.c\.?",
    r"montant t\.t\.c\.?",
    r"net à payer",
    r"net à régler",
    r"solde (?:à payer|à régler|dû|du)",
    r"montant (?:dû|du)",
    r"(?:total|montant|somme|reste) à régler",
    r"somme à payer",
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
    r"importe a pagar",
    r"total a pagar",
    r"total factura",
    r"totale (?:da pagare|fattura|documento)",
    r"importo totale",
    r"importo (?:da pagare|dovuto)",
    r"netto a pagare",
    r"totale a pagare",
    r"total facture",
    r"please pay",
    r"total (?:current )?charges",
    # an insurance premium ("Costs of insurance £532.19 per year", "Jahresbeitrag")
    r"(?:total |annual )?costs? of (?:your )?(?:insurance|cover|policy)",
    r"(?:total|annual) premium(?: payable)?",
    r"premium payable",
    r"jahresbeitrag",
    r"gesamtbeitrag",
    r"prime (?:annuelle|totale)",
    r"cotisation (?:annuelle|totale)",
    r"premio (?:annuo|totale)",
    r"jaarpremie",
    r"prima (?:anual|total)",
    r"net pay",
    r"auszahlungsbetrag",
    r"nettolohn",
    r"salaire net",
    r"netto uitbetaald",
    # a restaurant bill's total with the tip added: what was paid, over the total before it
    r"total (?:with|incl\.?|including|plus|\+) (?:tip|gratuity|service)",
    r"(?:gesamt|summe|total)(?:betrag)? (?:inkl\.?|mit|\+) trinkgeld",
    r"total (?:avec pourboire|pourboire compris)",
    r"total con propina",
    r"totale con mancia",
    r"tota(?:a)?l (?:met|incl\.?) fooi",
    # a credit note's own total ("Gutschriftsbetrag", "Total credit", "Montant de l'avoir")
    # a balance left after a deposit or part payment ("Balance to pay £900.00")
    r"balance (?:to pay|payable|remaining|outstanding)",
    r"(?:remaining|outstanding) balance",
    r"amount (?:outstanding|remaining)",
    r"total outstanding",
    r"left to pay",
    r"noch zu zahlen",
    r"amount to pay",
    r"total \(?iva incluído\)?",
    r"gutschriftsbetrag",
    r"gutschriftssumme",
    r"total credit(?: note)?(?!s)",
    r"credit note total",
    r"amount credited",
    r"montant (?:total )?de l'avoir",
    r"total (?:de l')?avoir",
    r"importe (?:total )?(?:del )?abono",
    r"totale nota di credito",
    r"creditbedrag",
    r"totaal creditnota",
)

# What a till receipt says was paid by card: the total, while cash handed over may be more.
TOTAL_PAID = _rx_ocr(
    r"kreditkarte",
    r"ec-?karte",
    r"girocard",
    r"kartenzahlung",
    r"debit mastercard",
    r"mastercard",
    r"maestro",
    r"visa(?: debit)?",
    r"v pay",
    r"card payment",
    r"paid by card",
    r"carte bancaire",
    r"paiement cb",
    r"pinbetaling",
    r"tarjeta",
    r"bancomat",
    # a till's short words for the card ("EC 5,00", "CB 57,00", "PINNEN 6,48", "Contactless")
    r"ec(?:[- ]cash)?",
    r"cb(?: emv| sans contact)?",
    r"pinnen",
    r"contactless",
    r"amex",
    r"carte bleue",
)

TOTAL_WEAK = _rx_ocr(
    r"total",
    r"gesamt",
    r"summe",
    r"totaal",
    r"totale",
    r"betrag",
    r"montant",
    r"importe",
    r"sum",
    r"importo",
    r"bedrag",
    # a payment slip's header over "CHF 1 949.75" (the Swiss QR-bill's "Währung Betrag")
    r"(?:currency|währung|monnaie|valuta|moneda|munt|moeda) (?:amount|betrag|montant|importo|"
    r"importe|bedrag|valor)",
)

# A total's label at the start of a line whose first letter OCR lost ("UMME EUR 4,87",
# "etrag EUR 48,77", "U ZAHLEN EURO"): a till receipt's photo cuts or smudges its left edge.
TOTAL_CLIPPED = re.compile(
    r"^\W{0,2}(?:umme|otal|etrag|esamtbetrag|u zahlen|ahlbetrag|ndbetrag|otaal|otale|mporte)"
    r"(?![^\W\d_])",
    re.I,
)

# Lines that say what was handed over or charged: the same amount there corroborates a total
# ("Kartenzahlung EUR 19,46", "Gegeben Bar 20,00", "Paid by Visa $12.50").
PAYMENT_LINE = _rx_ocr(
    r"bar(?:geld)?",
    r"gegeben",
    r"zahlung",
    r"[^\W\d_]*zahlung",
    r"betrag",
    r"cash",
    r"paid",
    r"payment",
    r"card",
    r"espèces",
    r"payé",
    r"règlement",
    r"contant",
    r"betaald",
    r"efectivo",
    r"pagado",
    r"contanti",
    r"pagato",
    r"brutto",
    r"ttc",
)

NOT_TOTAL = _rx_ocr(
    r"sub-?total",
    r"zwischensumme",
    r"teilsumme",
    r"sous-?total",
    r"subtotaal",
    r"subtotale",
    r"netto(?:betrag)?(?! a pagare)",
    r"net(?! à payer| pay)",
    r"total ht",
    r"montant ht",
    r"h\.t\.?",
    r"before tax",
    r"taxable (?:value|amount)",
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
    r"(?:zu|ab)schl[äa]\w*",
    r"anzahlung",
    r"acompte",
    # the subtotal's word split in two ("SUB TOTAL", "SOUS TOTAL", "Sub Totaal")
    r"sub total[e]?",
    r"sous total",
    r"sub totaal",
)

INCLUDING_TAX = _rx_ocr(
    r"inc(?:l)?\.?(?:usive|uding)?\.? (?:of )?(?:vat|tax|gst|mwst|btw|tva|iva)",
    r"inkl\.? (?:mwst|ust)",
    r"iva incluid[oa]",
    r"iva inclusa",
    r"tva incluse",
    r"btw inbegrepen",
    r"vat included",
    r"ttc",
    r"t\.t\.c\.?",
    r"after tax",
    r"brutto",
    r"total due",
    r"amount due",
    r"grand total",
    r"iva incluíd[oa]",  # Portuguese
)

REFERENCE_VALUE = re.compile(
    r"^\s*(?:[:#.,|]\s*)?(?:[:#.,]|-(?:nr|no|nummer)\.?|n[°ºo?*]\.?|n0(?:\.|(?=[\s:]))|n\.[º°]\.?|n\.(?=\s)|nr\.?|no\.?|num\.?|núm\.?|number|nummer|numéro|numero|"
    # OCR's "N?2" or "N°2" for "Nº" before the number
    r"número|n[°º?]\d(?=\s))?[\s:;#.…|[*]*"
    r"(?P<value>(?=[\w/.–-]*\d)[A-Z0-9][A-Z0-9/._–-]{1,30}[A-Z0-9])",
    re.I,
)

# Other columns of a header row beside a number's label ("Rechnungsnr. Kundennr. Datum Seite")
COLUMN_LABEL = _rx(
    r"page",
    r"seite",
    r"pagina",
    r"página",
    r"time",
    r"uhrzeit",
    r"zeit",
    r"heure",
    r"ora",
    r"hora",
    r"tijd",
    r"filiale",
    r"kasse",
    r"caisse",
    r"cassa",
    r"caja",
    r"kassa",
    r"store",
    r"register",
    r"terms",
    r"currency",
    r"währung",
    r"devise",
    r"valuta",
    r"moneda",
    r"amount",
    r"betrag",
    r"montant",
    r"bedrag",
    r"importo",
    r"importe",
    r"bed\.?",
    r"bediener",
    r"cashier",
    r"kassierer",
)

# The labels that name an invoice's or a credit note's own number (not an order's, a
# customer's or a receipt's): with a total, they make a document an invoice.
INVOICE_NUMBER_LABEL = re.compile(
    r"(?:[il1|]nv[o0][il1|]ce|inv\b|bill|rechnung|\brg\b|\bre\b|gutschrift|credit|avoir|facture|factuur|"
    r"factura(?! simplificada)|fattura|fatura(?! simplificada)|faktura|nota fiscal|folio|"
    r"\bn(?:umero|\.|r\.?) ?documento|documento n)",
    re.I,
)

# The labels of a till's or a payment's receipt number: with a total, evidence of a receipt.
RECEIPT_NUMBER_LABEL = re.compile(
    r"(?:receipt|ticket|\bbon\b|bon-?nr|kassenbon|trans(?:action|\.)?\b|trx|scontrino|kassabon|"
    r"bonnr|documento commerciale|reçu|recibo|ricevuta|transactie|operaci[oó]n)",
    re.I,
)

# a type word alone as the label ("Rechnung RE1001") yields to a number label
LABEL_BARE = re.compile(
    r"(?:rechnung|fattura|factura|facture|factuur|invoice|avoir|gutschrift|form)", re.I
)


TYPE_WORDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.INVOICE: _rx(
        r"invoice",
        r"tax invoice",
        r"(?:electricity|gas|water|phone|mobile|internet|utility|your) bill",
        r"(?:energy|broadband|final|monthly|annual|telephone|power|heating) bill",
        r"rechnung",
        # never a payslip's or a card statement's "-abrechnung" ("Entgeltabrechnung")
        r"(?!beitrags|(?:gehalts|lohn|entgelt|verdienst|bezüge|kreditkarten)ab)"
        r"[^\W\d_]+rechnung",
        r"rechnungsnummer",
        r"facture",
        r"factuur",
        r"factura(?! simplificada)",
        r"fattura",
        r"faktura",
        r"nota fiscal",
        r"proforma",
        # Portuguese, an Italian utility's bill, a hotel's guest folio, a French freelancer's
        # fee note
        r"fatura(?! simplificada)",
        r"fatura-recibo",
        r"bolletta",
        r"guest folio",
        r"note d'honoraires",
        r"honorarnote",
        r"parcella",
        r"rechnungs(?:kopie|duplikat)",
        # what only a bill says: the charge and its terms ("berechnen wir Ihnen", "payable
        # within 14 days", "zahlbar innerhalb von 14 Tagen")
        r"berechnen wir(?: ihnen)?",
        r"stellen wir ihnen",
        r"nous vous facturons",
        r"brengen wij u in rekening",
        r"(?:payable|due) (?:within|upon receipt|on receipt)",
        r"payment (?:is )?due within",
        r"zahlbar (?:innerhalb|sofort|ohne abzug|bis)",
        r"payable à réception",
        r"à régler (?:avant|sous|à réception)",
        r"te betalen binnen",
        r"pagadero (?:en|a)",
        r"pagabile entro",
        r"[^\W\d_]+factuur",
        r"^(?:cash |retail |tax )?bill$",
        r"retail invoice",
        r"bill of supply",
        # a credit note is an invoice with a negative total
        r"credit note",
        r"gutschrift",
        r"rechnungskorrektur",
        r"avoir",
        r"note de crédit",
        r"creditnota",
        r"creditfactuur",
        r"nota di credito",
        r"nota de crédito",
        r"factura rectificativa",
        # a debit note is a bill for a charge added to an earlier invoice
        r"debit note",
        r"note de débit",
        r"nota de débito",
        r"nota di debito",
        r"debetnota",
        # what only a bill states: when the service was rendered, the terms of payment, a
        # freelancer's withheld tax, a doctor's private bill
        r"leistungs(?:zeitraum|datum)",
        r"zahlungs(?:bedingungen|ziel)",
        r"bitte überweisen sie",
        r"payment terms",
        r"conditions (?:de|du) (?:paiement|règlement)",
        r"(?:modalità|termini|condizioni) di pagamento",
        r"bonifico (?:bancario )?entro",
        r"condiciones de pago",
        r"betalingsvoorwaarden",
        r"betalingstermijn",
        r"ritenuta d'acconto",
        r"retención (?:de )?irpf",
        r"irpf",
        r"privatliquidation",
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
        r"kartenzahlung",
        r"bargeld",
        r"girocard",
        r"kontaktlos",
        r"contactless",
        r"terminal-?id",
        r"bon-?nr",
        r"beleg aufbewahren",
        r"(?:vielen )?dank für ihren einkauf",
        r"kassierer(?:in)?",
        r"tse-?(?:signatur|transaktion|seriennummer)",
        r"thank you for shopping",
        r"merci de votre visite",
        r"ticket de caisse",
        r"pinbetaling",
        r"bedankt voor uw (?:aankoop|bezoek)",
        # a card terminal's slip printed under the receipt
        r"kundenbeleg",
        r"händlerbeleg",
        r"zahlung erfolgt",
        r"debit mastercard",
        r"ticket client",
        r"ticket commerçant",
        r"scontrino fiscale",
        r"ticket de compra",
        # a card paid with, its number masked ("Visa ••••1234", "MASTERCARD ************5678")
        r"(?:visa|mastercard|maestro|amex|american express|girocard|debit|credit)"
        r"(?: card)?:? ?(?:[•*x·.]{3,} ?)+\d{4}",
        r"cb emv",
        r"carte bancaire",
        r"paiement (?:cb|carte)",
        r"n° (?:de )?ticket",
        r"thanks for riding",
        # a payment's receipt, a restaurant's bill paid at the table
        r"payment (?:confirmation|receipt)",
        r"thank you for your payment",
        r"zahlungsbestätigung",
        r"confirmation de paiement",
        r"betalingsbevestiging",
        r"conferma di pagamento",
        r"confirmación de pago",
        r"gratuity",
        r"trinkgeld",
        r"pourboire",
        r"propina",
        r"(?:visa|mastercard|amex|card|karte|carte|tarjeta|carta)(?: credit| debit| bancaire)? ?:? ?"
        r"[$€£]? ?\d+[.,]\d\d",
        r"kassenzettel",
        r"cash memo",
        r"facturette",
        r"comprobante(?: de (?:pago|compra|venta))?",
        # what a till prints in Spain, Portugal and Italy in place of a receipt
        r"factura simplificada",
        r"fatura simplificada",
        r"documento commerciale",
        r"pagamento (?:elettronico|contante|contanti)",
        r"tal[ãa]o de venda",
        # a till's payment line: the means of payment and its amount ("CB 3,50", "CONTANTE
        # 10,00", "TARJETA BANCARIA 2,15", "PINNEN 3,68"), or the change given back
        r"(?:cb|espèces|contante|contanti|resto|efectivo|cambio|tarjeta(?: bancaria| de cr[ée]dito)?|"
        r"pinnen|pin|contant|gegeben(?: bar)?|zurück)\s*:?\s*(?:€|eur)?\s*\d+[.,]\d\d",
        # a payment's slip and a French rent or fee receipt
        r"zahlungsbeleg",
        r"quittance(?: de loyer)?",
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
        r"(?:opening|closing) account balance",
        r"alter kontostand",
        r"neuer kontostand",
        r"ancien solde",
        r"nouveau solde",
        r"beginsaldo",
        r"eindsaldo",
        r"saldo (?:inicial|final)",
        # a statement that sums up accounts rather than naming itself ("Your consolidated
        # statement", "Summary of your accounts", "Kontoübersicht")
        r"consolidated statement",
        r"account summary",
        r"summary of (?:your )?accounts",
        r"kontoübersicht",
        r"kontostand",
        r"synthèse de (?:vos|votre) comptes?",
        r"rekeningoverzicht",
        r"saldo (?:contable|disponibile|disponible)",
        # a credit card's monthly statement
        r"(?:credit )?card statement",
        r"relevés? de comptes?",
        r"estado de cuenta",
        r"umsatzübersicht",
        r"kreditkartenabrechnung",
        r"relevé (?:de )?(?:votre )?carte",
        r"estratto conto carta",
        r"extrato(?: de conta| bancário)?",
        r"minimum payment(?: due)?",
        r"saldo (?:anterior|iniziale|finale)",
        r"vorig saldo",
        r"nieuw saldo",
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
        r"pay advice",
        r"paystub",
        r"pay statement",
        r"lohnzettel",
        r"lohnausweis",
        r"fiche de salaire",
        r"statement of earnings",
        r"brutto/netto-bezüge",
        r"verdienstabrechnung",
        r"bezügemitteilung",
        r"salaire brut",
        r"net à payer avant impôt",
        r"recibos? de salarios?",
        r"líquido a percibir",
        r"total devengado",
        r"netto in busta",
        r"totale competenze",
        r"recibo de vencimento",
        r"holerite",
        r"contracheque",
        r"bruto ?loon",
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
        # filled tax forms: a US information return, a payer's annual wage certificate
        r"form 1099(?:-[a-z]{1,4})?",
        r"form w-2",
        r"lohnsteuerbescheinigung",
        r"jaaropgaaf",
        r"certificazione unica",
        r"certificado de retenciones",
    ),
    DocumentType.INSURANCE: _rx(
        r"insurance policy",
        r"policy schedule",
        r"certificate of insurance",
        # a person's national or social insurance number is an identifier that any letter
        # from an authority or employer quotes, not the subject of the document
        r"(?<!national )(?<!social )insurance(?! (?:number|no\b|nr\b|contributions?\b))",
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
        r"[^\W\d_]*dokumentation",
        r"[^\W\d_]*anleitung",
        r"[^\W\d_]*handbuch",
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
        # what only a report carries
        r"executive summary",
        r"management summary",
        r"key findings",
        r"synthèse",
        r"samenvatting voor het management",
        r"resumen ejecutivo",
        r"sintesi",
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
        # a periodical's issue: "Vol. 60", "Monthly Labor Review • January 2012"
        r"vol\. ?\d+",
        r"volume \d+",
        r"jahrgang \d+",
        r"(?:weekly|monthly|quarterly) (?:[^\W\d_]+ )?(?:review|journal|bulletin|magazine|newsletter)",
        r"corresponding author",
        r"korrespondenzautor(?:in)?",
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

# What names none of the kinds but is something definite: a government's or an official
# journal's publication of rules and notices (`other`). Kept out of TYPE_WORDS, which also
# tells a heading from a sender's name.
OTHER_WORDS = _rx(
    r"proposed rules?",
    r"final rules?",
    r"(?:notice of )?proposed rulemaking",
    r"federal register",
    r"\d+ CFR",
    r"code of federal regulations",
    r"official journal",
    r"amtsblatt",
    r"bundesgesetzblatt",
    r"bundesanzeiger",
    r"journal officiel",
    r"staatscourant",
    r"staatsblad",
    r"gazzetta ufficiale",
    r"bolet[íi]n oficial",
    r"di[áa]rio oficial",
)

# Kinds whose words also run through other documents' prose ("discussed in this report",
# "breach a contract", "see the guide"): in a sentence, in lower case, they weigh little.
PROSE_KINDS = frozenset(
    {
        DocumentType.REPORT,
        DocumentType.CONTRACT,
        DocumentType.FORM,
        DocumentType.MANUAL,
        DocumentType.MEDICAL,
    }
)

# A field left blank for the reader to fill in ("Signature: Date:", "Name: ______"): a form.
BLANK_FIELD = re.compile(
    r"(?<![^\W\d_])(?:signature|signed|name(?: \(printed\))?|date|place|address|"
    r"unterschrift|ort|datum|anschrift|nom|lieu|adresse|handtekening|naam|plaats|adres|"
    r"firma|nombre|fecha|lugar|dirección|nome|data|luogo|indirizzo|assinatura|local)"
    r"\s*:\s*(?:[_.…]{3,}\s*)?(?=$|\s+[^\W\d_]+\s*:)",
    re.I,
)
# Any label with a line to write on ("Vehicle registration number: ____________").
RULED_FIELD = re.compile(r"[^\W\d_][^:]{0,40}:\s*_{3,}")
# "Use this form to apply", "dieses Formular", "ce rapport": the document naming itself.
THIS = re.compile(
    r"(?:this|these|our|dieses?|diesen|unser(?:e[mnrs]?)?|ce|cette|ces|notre|dit|deze|ons|onze|"
    r"este|esta|nuestro|questo|questa|nostro)\s+$",
    re.I,
)
SIGNATURE_FIELD = re.compile(
    r"^(?:signature|signed|unterschrift|handtekening|firma|assinatura)$", re.I
)

# A bare number label opening a line near the top ("Nº 2023/001", "Number: 118")
NUMBER_LABEL = re.compile(
    r"^(?:n[°º]|no\.|nr\.|num\.|núm\.|number|nummer|numéro|número|numero)(?=\s*[:.]?\s*(?:[A-Z0-9]|$))",
    re.I,
)

# "Form 1040" heading a form (only at the start of its line: "from Form 8995" is another's)
FORM_LABEL = _rx(r"form")

REFERENCE_LABELS: list[tuple[re.Pattern[str], float]] = [
    (
        _rx(
            r"invoice (?:no|number|num|nr|#|id|ref(?:erence)?)\.?",
            r"invoice serial (?:no|number)\.?",
            r"invoice",
            # abbreviated and other words for a bill's number ("Inv #", "Bill No", "Rg.-Nr.")
            r"inv\.? ?(?:no|nr|#|number|num)\.?",
            r"bill (?:no|nr|number|#|id|ref(?:erence)?)\.?",
            r"bill of supply(?: (?:no|number))?\.?",
            r"tax invoice",
            # "Inv0ice No", "lnvoice #": an OCR'd label
            r"[il1|]nv[o0][il1|]ce (?:no|number|#)\.?",
            r"(?:rg|rech|rechn)\.?-? ?(?:nr|no)\.?",
            r"nota fiscal(?: eletr[ôo]nica)?",
            r"nf-?e",
            r"fatura(?:[- ]recibo| simplificada)?(?: n\.?[º°o]?\.?)?",
            r"factura simplificada",
            r"n\.?[º°] ?(?:da|de) fatura",
            # Polish, Czech and Turkish invoices' numbers
            r"faktura vat(?: nr\.?)?",
            r"nr faktury",
            r"číslo faktury",
            r"fatura no\.?",
            r"faktura(?:nummer|nr\.?)?",
            r"numero (?:del )?documento",
            r"n(?:um)?\. documento",
            r"document (?:no|number|nr|#)\.?",
            r"tax invoice (?:no|number)",
            r"receipt (?:no|number|#)\.?",
            r"rechnungs?-?(?:nummer|nr\.?|no\.?)",
            r"rechnung (?:nr|no)\.?",
            r"rechnungs-?id",
            r"[^\W\d_]*(?:rechnung|versicherung) (?:\(\d+\) )?(?:nr|no)\.?",
            r"rechnung",
            r"fattura",
            r"factura",
            r"nota di credito",
            r"nota de crédito",
            r"credit note (?:no|number|#)\.?",
            r"creditnota",
            r"avoir",
            r"gutschrift",
            r"credit note",
            r"re\.?-?nr\.?",
            # a till receipt's number
            r"(?:kassen)?bon[- ]?(?:nr|nummer)\.?",
            r"(?:kassen)?bon-[il1h]r\.?",  # OCR's "Bon-Ir." for "Bon-Nr."
            r"bon",
            r"ticket(?= ?[:#])",
            r"documento commerciale(?: n\.?)?",
            r"scontrino(?: fiscale)? n\.?",
            r"ricevuta n\.?",
            r"b-?nr\.?",
            r"ticket (?:no|n°|nr|number)\.?",
            r"trans(?:action|\.)? ?(?:no|nr|number|#|id|n[°º])\.?",
            # "Receipt #A1B2C3": the mark before a number that opens with a letter
            r"receipt(?= ?#)",
            r"n[°º] (?:de )?transaction",
            r"transactie(?:nummer|nr\.?)",
            r"transactie(?= ?:? ?\d)",
            r"bon ?nr\.?",
            r"kassabon(?: nr\.?)?",
            r"kassenbon",
            r"n(?:um)?\. scontrino",
            r"n[°º] (?:de )?(?:operaci[oó]n|ticket)",
            r"doc\. n\.?",
            r"trx\.? ?(?:no|nr|#|id)\.?",
            # a hotel's bill ("Folio No."), an Italian receipt's or invoice's "Documento n."
            r"(?:guest )?folio (?:no|number|#)\.?",
            r"documento n\.?",
            r"n[°º] (?:de )?ticket",
            r"num[ée]ro de ticket",
            r"ticket n[°º]",
            r"n[úu]mero de ticket",
            # a credit note's own number ("Gutschrift-Nr.", "Credit note number")
            r"gutschrifts?-? ?(?:nummer|nr\.?|no\.?)",
            r"n° de facture",
            r"numéro de facture",
            r"facture n°",
            r"facture no",
            r"facture",
            r"factuurnummer",
            r"factuurnr\.?",
            r"fact\. ?nr\.?",
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
            # a booking's or an order's own number, where no invoice number is printed
            r"order",
            r"booking (?:no|number|id|ref(?:erence)?|code)\.?",
            r"reservation (?:no|number|id|code)\.?",
            r"confirmation (?:no|number|code|#)\.?",
            r"buchungs(?:nummer|-?nr\.?)",
            r"reservierungs(?:nummer|-?nr\.?)",
            r"num[ée]ro de (?:commande|r[ée]servation)",
            r"n° de r[ée]servation",
            r"boekingsnummer",
            r"reserveringsnummer",
            r"n[úu]mero de (?:reserva|pedido)",
            r"localizador",
            r"numero (?:di |d')?(?:prenotazione|ordine)",
            r"ordine n\.?",
        ),
        0.8,
    ),
    # the card slip's number under a till receipt, when the receipt's own is not found
    (_rx(r"belegnummer", r"beleg[- ]?nr\.?", r"beleg-[il1h]r\.?", r"beleg(?= ?:? ?\d)"), 0.85),
    (FORM_LABEL, 0.5),
    # "Número: 2023/001" under a "FACTURA" heading: a bare number label opening its line
    (NUMBER_LABEL, 0.45),
    (
        # a docket's, a case's or a file's number: what a notice or an official letter is
        # filed under
        _rx(
            r"docket (?:no|number)\.?",
            r"case (?:no|number)\.?",
            r"file (?:no|number)\.?",
            r"aktenzeichen",
            r"gesch[äa]ftszeichen",
            r"az\.",
            r"num[ée]ro de dossier",
            r"dossier n°",
            r"dossiernummer",
            r"zaaknummer",
            r"n[úu]mero de expediente",
            r"expediente",
            r"numero (?:di )?pratica",
            r"pratica n\.?",
        ),
        0.6,
    ),
    (
        _rx(
            r"policy (?:no|number)\.?",
            r"[^\W\d_]*(?:vertrag|vertrags|police|polizze|versicherungsschein)-? ?(?:nr|no)\.?",
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
            # "Polizza n. 98765432", "Póliza nº 4711", "Polis nr. 55-12345"
            r"polizza n\.?",
            r"p[óo]liza n[º°o]\.?",
            r"polis ?nr\.?",
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
            r"(?:unser|ihr|unsere|ihre) zeichen",
            r"personal-?nummer",
            r"employee (?:no|number|id)\.?",
            r"mitglieds-?nummer",
            r"member(?:ship)? (?:no|number|id)\.?",
            r"num[ée]ro d'adh[ée]rent",
            r"n° adh[ée]rent",
            r"reference",
            r"referenz",
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


# The payment part of a Swiss QR-bill (its own headings in the four languages it is printed
# in): a bill to pay when it carries an amount, a slip to fill in when it carries none. Its
# "Receipt / Empfangsschein / Récépissé / Ricevuta" section is the payer's stub, no receipt.
QR_PAYMENT_PART = _rx(
    r"payment part",
    r"zahlteil",
    r"section paiement",
    r"sezione pagamento",
    r"acceptance point",
    r"annahmestelle",
    r"point de dépôt",
    r"punto di accettazione",
)
# An amount as the slip prints it: after its currency ("CHF 1 949.75") or alone on its line
SLIP_AMOUNT = re.compile(r"^(?:(?:CHF|EUR)\s*)?\d[\d ’'.]*[.,]\d{2}$")

# A kind's headline word, to be recognised however OCR garbled it ("lNVOICE", "R E C H N U N G",
# "Rechnunq"); compared folded (lower case, no accents, 0 → o, 1/l/| → i).
HEADLINE_WORDS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.INVOICE: (
        "invoice",
        "rechnung",
        "facture",
        "factuur",
        "factura",
        "fattura",
        "fatura",
        "faktura",
        "gutschrift",
    ),
    DocumentType.RECEIPT: ("receipt", "quittung", "kassenbon", "ricevuta", "scontrino", "kassabon"),
    DocumentType.BANK_STATEMENT: ("kontoauszug", "rekeningafschrift"),
    DocumentType.PAYSLIP: (
        "payslip",
        "gehaltsabrechnung",
        "lohnabrechnung",
        "loonstrook",
        "entgeltabrechnung",
        "verdienstabrechnung",
    ),
}


# A website's navigation bar printed at the top of a saved page: never a heading or a title.
NAVIGATION = re.compile(
    r"\b(?:home|menu|about|download|downloads|license|support|contact|blog|docs|"
    r"documentation|search|login|news|forum|faq|purchase|buy|shop|pricing|sponsors)\b",
    re.I,
)


def is_navigation(line: str) -> bool:
    """ "Home Menu About Documentation Download License Support": capitalised single words,
    at least three of them a website's menu entries; or one menu entry alone on its line."""
    words = line.split()
    if len(words) == 1:  # a menu entry on its own line ("Purchase")
        return bool(NAVIGATION.fullmatch(line.strip()))
    return (
        len(words) >= 4
        and all(w[:1].isupper() for w in words)
        and len(NAVIGATION.findall(line)) >= 3
    )


# The words that make a name an organisation's without a legal form: a public body, a
# university, a foundation ("Federal Aviation Administration", "Finanzamt Köln-Mitte",
# "Agenzia delle Entrate", "Gemeente Utrecht", "Caisse primaire d'assurance maladie").
ORGANISATION_WORD = _rx(
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

# The small words inside an organisation's name ("Bureau of Labor Statistics", "Agenzia delle
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

# A street's word: "1200 New Jersey Avenue SE" is an address, not a company "SE".
STREET_WORD = _rx(
    r"avenue",
    r"ave\.?",
    r"street",
    r"st\.",
    r"road",
    r"rd\.?",
    r"boulevard",
    r"blvd\.?",
    r"drive",
    r"lane",
    r"[^\W\d_]*stra(?:ß|ss)e",
    r"[^\W\d_]*str\.",
    r"[^\W\d_]*weg",
    r"[^\W\d_]*platz",
    r"[^\W\d_]*allee",
    r"rue",
    r"via",
    r"viale",
    r"piazza",
    r"calle",
    r"avenida",
    r"[^\W\d_]*straat",
    r"[^\W\d_]*laan",
    r"[^\W\d_]*plein",
)

# Domains of mailbox providers and of the sites a text cites: never who wrote it.
COMMON_DOMAINS = frozenset(
    [
        "gmail",
        "googlemail",
        "yahoo",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "icloud",
        "me",
        "aol",
        "gmx",
        "web",
        "t-online",
        "freenet",
        "orange",
        "wanadoo",
        "free",
        "laposte",
        "sfr",
        "libero",
        "virgilio",
        "tiscali",
        "alice",
        "ziggo",
        "kpnmail",
        "telenet",
        "github",
        "gitlab",
        "google",
        "youtube",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "instagram",
        "wikipedia",
        "doi",
        "w3",
        "example",
        "beispiel",
        "exemple",
        "ejemplo",
        "esempio",
        "voorbeeld",
    ]
)

# A recipient's label in the middle of a line: a two-column header whose columns the text
# layer or the OCR ran together ("Acme GmbH Bill to: Foo Ltd", "Azienda … di Spett.le").
# Only labels that never occur inside a sender's name or a sentence's start.
RECIPIENT_MID = re.compile(
    r"(?<![^\W\d_])(?:bill(?:ed)? to|invoice to|sold to|ship(?:ped)? to|deliver(?:y|ed)? to|"
    r"customer|rechnungsempf[äa]nger|rechnungsadresse|lieferadresse|leistungsempf[äa]nger|"
    r"k[äa]ufer|kunde|facturé à|adresse de facturation|destinataire|acheteur|factuuradres|"
    r"afleveradres|klant|facturar a|destinatario|cliente|spett\.?(?:le|abile)|cessionario|"
    r"receptor|auftraggeber|"
    r"buyer|purchaser)(?![^\W\d_])\s*[:.]?",
    re.I,
)

# A till receipt's total word as OCR garbles it on a photo ("5UMME", "S#MME", "TOTA1",
# "BETRA6"): the words a total line starts with, matched with one character wrong.
TOTAL_WORDS_OCR = ("summe", "total", "totaal", "totale", "betrag", "montant", "importe")

# A till receipt's cash lines: what was handed over and what was given back. The total is
# the difference when OCR lost its label ("Gegeben 20,00", "Zurück 7,50": 12,50).
TENDERED = _rx_ocr(
    r"gegeben",
    r"bar(?:geld)?",
    r"cash",
    r"tendered",
    r"espèces",
    r"contant",
    r"efectivo",
    r"contanti",
    r"dinheiro",
)
CHANGE_GIVEN = _rx_ocr(
    r"zurück",
    r"rückgeld",
    r"wechselgeld",
    r"change",
    r"rendu",
    r"monnaie rendue",
    r"wisselgeld",
    r"terug",
    r"cambio",
    r"resto",
    r"troco",
)

# A credit note names itself at the head of its first page ("CREDIT NOTE", "AVOIR N° A-3",
# "Nota di credito n. 4"): its total is the amount credited, negative however it is printed.
# Not "Gutschrift": in German it is also a self-billed invoice, a positive amount.
CREDIT_NOTE_HEADING = _rx_ocr(
    r"credit note",
    r"credit memo",
    r"avoir",
    r"note de crédit",
    r"facture d'avoir",
    r"creditnota",
    r"creditfactuur",
    r"nota di credito",
    r"nota de crédito",
    r"nota de abono",
    r"factura de abono",
)

# The strong labels that say "to pay" rather than "total": below an invoice's total and
# smaller than it, the balance after a prepayment, deposit or withholding ("Totale fattura
# 610,00" … "Netto a pagare 510,00"), which is what the reader pays.
TOTAL_TO_PAY = _rx_ocr(
    r"amount due",
    r"balance due",
    r"total due",
    r"please pay",
    r"amount payable",
    r"net (?:amount )?payable",
    r"total to pay",
    r"zu zahlen(?:der betrag)?",
    r"zahlbetrag",
    r"zu zahlende[rn]? (?:betrag|beitrag|summe)",
    r"net à payer",
    r"net à régler",
    r"solde (?:à payer|à régler|dû|du)",
    r"(?:total|montant|somme|reste) à (?:payer|régler)",
    r"te betalen",
    r"(?:totaal )?te voldoen",
    r"total a pagar",
    r"importe a pagar",
    r"netto a pagare",
    r"total[e]? (?:da|a) pagare",
    r"importo (?:da pagare|dovuto)",
    r"valor (?:a|à) pagar",
    # a balance left after a deposit or part payment ("Balance to pay £900.00")
    r"balance (?:to pay|payable|remaining|outstanding)",
    r"(?:remaining|outstanding) balance",
    r"amount (?:outstanding|remaining)",
    r"total outstanding",
    r"left to pay",
    r"noch zu zahlen",
    r"amount to pay",
)

# An amount paid, which a statement or an online invoice prints in parentheses or with a
# minus as it is taken off the balance ("Amount Paid ($28.80)", "Bezahlt -28,80 €"): the
# amount settled, positive, unless the document is a credit note.
TOTAL_SETTLED = _rx_ocr(
    r"amount paid",
    r"total paid",
    r"paid",
    r"bezahlt(?:er betrag)?",
    r"montant (?:payé|réglé)",
    r"déjà payé",
    r"(?:bedrag )?betaald",
    r"importe pagado",
    r"importo pagato",
    r"valor pago",
)
