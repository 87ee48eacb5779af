"""The labels of a document's own number (`local_reference.py`).

`REFERENCE_LABELS` pairs each label with a weight: an invoice's own number weighs most, a
policy's or a receipt's next, an order's, a customer's or a plain "Reference" less, so that a
bill's number wins over its customer number on the same page. Besides them: the labels of the other columns of a
header row (a number's value stops there), the bank labels a statement's account number
comes after, and the labels that make a number an invoice's or a receipt's (evidence for
the kind too).
"""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.local_words import rx

# A statement's account number by the short labels banks print ("Konto 1234567890", "Compte
# n° …", "Account ending in 4321"): read on a statement only, since on a bill they are the
# issuer's bank details.
STATEMENT_ACCOUNT_LABEL = rx(
    r"konto(?:-?nr\.?)?",
    r"n[°º] de compte",
    r"compte(?: courant| chèques?)?(?: n[°º])?",
    r"n[°ºo]\.? de cuenta",
    r"cuenta(?: corriente)?(?: n[°º])?",
    r"numero (?:di )?conto",
    r"conto(?: corrente)?(?: n\.?)?",
    r"rekening(?:nummer)?",
    r"(?:account|card) ending in",
    # an account's kind before its number in a summary of accounts ("CHECKING 001234567890")
    r"checking",
    r"savings",
    r"girokonto",
    r"sparkonto",
)

# Kinds without a number of their own: a payslip's numbers (employee, personnel, cost centre)
# are its employee's, not the document's.
NO_REFERENCE_KINDS = frozenset({DocumentType.PAYSLIP})

REFERENCE_VALUE = re.compile(
    r"^\s*(?:[:#.,|]\s*)?(?:[:#.,]|-(?:nr|no|nummer)\.?|n[°ºo?*]\.?|n0(?:\.|(?=[\s:]))|n\.[º°]\.?|n\.(?=\s)|nr\.?|no\.?|num\.?|núm\.?|number|nummer|numéro|numero|"
    # OCR's "N?2" or "N°2" for "Nº" before the number
    r"número|n[°º?]\d(?=\s))?[\s:;#.…|[*]*"
    r"(?P<value>(?=[\w/.–-]*\d)[A-Z0-9][A-Z0-9/._–-]{1,30}[A-Z0-9])",
    re.I,
)

# Other columns of a header row beside a number's label ("Rechnungsnr. Kundennr. Datum Seite")
COLUMN_LABEL = rx(
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
    r"bonnr|documento commerciale|reçu|recibo|ricevuta|quittung|transactie|operaci[oó]n)",
    re.I,
)

# a type word alone as the label ("Rechnung RE1001") yields to a number label
LABEL_BARE = re.compile(
    r"(?:rechnung|fattura|factura|facture|factuur|invoice|avoir|gutschrift|form)", re.I
)

# A bare number label opening a line near the top ("Nº 2023/001", "Number: 118")
NUMBER_LABEL = re.compile(
    r"^(?:n[°º]|no\.|nr\.|num\.|núm\.|number|nummer|numéro|número|numero)(?=\s*[:.]?\s*(?:[A-Z0-9]|$))",
    re.I,
)

# "Form 1040" heading a form (only at the start of its line: "see Form 2210" is another's)
FORM_LABEL = rx(r"form")

REFERENCE_LABELS: list[tuple[re.Pattern[str], float]] = [
    (
        rx(
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
            r"n[úu]mero de documento",
            r"n(?:um)?\. documento",
            r"document (?:no|number|nr|#)\.?",
            r"tax invoice (?:no|number)",
            r"receipt (?:no|number|#)\.?",
            r"rechnungs?[- ]?(?:nummer|nr\.?|no\.?)",
            r"rechnung (?:nr|no)\.?",
            r"rechnungs-?id",
            r"[^\W\d_]*(?:rechnung|versicherung) (?:\(\d+\) )?(?:nr|no)\.?",
            # a receipt written out by hand or by a small business ("Quittung Nr. 17")
            r"quittungs-?(?:nummer|nr\.?)",
            r"quittung (?:nr|no)\.?",
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
            r"n[°º] (?:de (?:la )?)?facture",
            r"numéro de facture",
            r"facture n°",
            r"facture no",
            r"facture",
            r"factuurnummer",
            r"factuurnr\.?",
            r"fact\. ?nr\.?",
            # the abbreviated French and Spanish invoice ("Fact. n° 118", "Fra. nº 118")
            r"fact\.? ?n[°º]\.?",
            r"fra\. ?n[°ºo]\.?",
            r"factuur",
            r"número de factura",
            r"n[º°o]\.? (?:de )?factura",
            r"factura (?:n[ºo°]|núm\.?)",
            r"numero (?:di |della )?fattura",
            r"(?:n|nr)\.? fattura",
            r"fattura n\.?",
            r"document no\.?",
        ),
        1.0,
    ),
    (
        rx(
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
    (rx(r"belegnummer", r"beleg[- ]?nr\.?", r"beleg-[il1h]r\.?", r"beleg(?= ?:? ?\d)"), 0.85),
    (FORM_LABEL, 0.5),
    # "Número: 2023/001" under a "FACTURA" heading: a bare number label opening its line
    (NUMBER_LABEL, 0.45),
    (
        # a docket's, a case's or a file's number: what a notice or an official letter is
        # filed under
        rx(
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
        rx(
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
        rx(
            r"account (?:no|number)\.?",
            r"kontonummer",
            r"numéro de compte",
            r"rekeningnummer",
            r"número de cuenta",
            r"customer (?:no|number|id)\.?",
            r"kundennummer",
            r"kunden-?nr\.?",
            r"n[°ºo]\.? (?:de )?cliente?",
            r"(?:n|nr)\. cliente",
            r"numéro client",
            r"klantnummer",
            r"número de cliente",
            r"(?:codice|cod\.) cliente",
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
