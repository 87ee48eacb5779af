"""The labels of a document's dates (`local_dates.py`; the reference rule reads them too, to
know a header row of labels and another document's number, and the total rule the plain
"Date" label).

The document's own date ("Invoice date", "Rechnungsdatum", "Date de facture"), the due date
("Due date", "fällig am", "échéance", "vervaldatum"), a statement's period (its end is the
date), and the dates that are not the document's: a due or direct debit's day, a delivery's
or an order's, a customer's "since", a printing date, a hotel stay, another document's
("Original invoice date"). Matched accent-blind (`rx_ocr`) since OCR and capitals drop
accents; a label's number and article words are optional ("Datum der Rechnung", "date de la
facture") because issuers vary them freely.
"""

from __future__ import annotations

from app.metadata.local_words import rx, rx_ocr

DOCUMENT_DATE_LABEL = rx_ocr(
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
    # "Rechnung Nr. 2024-118 vom 12.03.2024", "FATTURA N. FT24 del 05/02/2024"
    r"(?:[^\W\d_]*rechnung|invoice|facture|factuur|fattura|factura|avoir|gutschrift)"
    r"\b[^\n]{0,60}?\b(?:vom|von|du|del|van|of|dated|de)",
)

# A label that names another document's date or number: a credit note's or a corrected
# invoice's reference to the invoice it amends ("Date de facture associée", "Original invoice
# date", "Bezugsrechnung").
OTHER_DOCUMENT = rx_ocr(
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

# A statement's period ("Period: 01/03/2024 to 31/03/2024", "Abrechnungszeitraum",
# "Période du … au …", "Periodo dal … al …"): its date is the period's end.
PERIOD_LABEL = rx_ocr(
    r"(?:statement |billing |reporting )?period",
    r"[^\W\d_]*zeitraum",
    r"période",
    r"periode",
    r"periodo",
    r"período",
)

GENERIC_DATE_LABEL = rx(r"date", r"dated", r"datum", r"fecha", r"data")

DUE_LABEL = rx_ocr(
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
    # a direct debit's day ("sera prélevé le 15/04/2024", "wird am 18.03. eingezogen")
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

NOT_DOCUMENT_DATE = rx_ocr(
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


# --- wave 3 (round 9): more of the same kinds of words, from probes in seven languages ---

# A person's birth date, as a patient's, an employee's or a policyholder's details print it,
# and a shipment's or a delivery's day, in the seven languages: never the document's date.
MORE_NOT_DOCUMENT_DATE = rx(
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
