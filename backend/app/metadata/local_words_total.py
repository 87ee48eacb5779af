"""The labels of a document's amounts (`local_total*.py`).

Graded by what they promise: `TOTAL_STRONG` is the amount to pay or paid ("Total due",
"Gesamtbetrag", "Net à payer"), `TOTAL_WEAK` a total that may be a subtotal, `TOTAL_TO_PAY`
the balance after a prepayment, `TOTAL_PAID` and `TOTAL_SETTLED` what was paid; `NOT_TOTAL`
the amounts that are never the total (subtotal, tax, discount, deposit) and `INCLUDING_TAX`
the words that say a total includes its tax ("incl. VAT", "TTC"), which a total's label may
carry though they name a tax. A till receipt's cash lines (tendered, change) and its
total word as OCR garbles it are here too, since photos of receipts lose labels. All are
matched accent-blind (`rx_ocr`): till receipts and OCR print "NET A PAYER", "ZURUCK".
"""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.local_words import rx_ocr

# Kinds that carry no total (a bank statement's balances are not an amount to pay or paid).
NO_TOTAL_KINDS = frozenset({DocumentType.BANK_STATEMENT})

TOTAL_STRONG = rx_ocr(
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
    # an insurance premium ("Cost of cover £120.00 per year", "Jahresbeitrag")
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
    # a grand total ("TOTALE COMPLESSIVO", "Total geral", "Gran total")
    r"totale complessivo",
    r"totale generale",
    r"total geral",
    r"total general",
    r"gran total",
    r"total final",
    r"totaal generaal",
    r"(?:total )?amount to be paid",
    r"total to be paid",
)

# What a till receipt says was paid by card: the total, while cash handed over may be more.
TOTAL_PAID = rx_ocr(
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
    # a till's short words for the card ("EC 5,00", "CB 12,00", "PINNEN 8,50", "Contactless")
    r"ec(?:[- ]cash)?",
    r"cb(?: emv| sans contact)?",
    r"pinnen",
    r"contactless",
    r"amex",
    r"carte bleue",
)

TOTAL_WEAK = rx_ocr(
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
    r"valor",  # Portuguese and Spanish "amount", as "betrag", "montant", "importe", "bedrag"
    # a payment slip's header over "CHF 1 250.00" (the Swiss QR-bill's "Währung Betrag")
    r"(?:currency|währung|monnaie|valuta|moneda|munt|moeda) (?:amount|betrag|montant|importo|"
    r"importe|bedrag|valor)",
)

# A total's label at the start of a line whose first letter OCR lost ("UMME EUR 9,90",
# "etrag EUR 25,00", "U ZAHLEN EUR"): a till receipt's photo cuts or smudges its left edge.
TOTAL_CLIPPED = re.compile(
    r"^\W{0,2}(?:umme|otal|etrag|esamtbetrag|u zahlen|ahlbetrag|ndbetrag|otaal|otale|mporte)"
    r"(?![^\W\d_])",
    re.I,
)

# Lines that say what was handed over or charged: the same amount there corroborates a total
# ("Kartenzahlung EUR 14,90", "Gegeben Bar 20,00", "Paid by Visa $12.50").
PAYMENT_LINE = rx_ocr(
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

NOT_TOTAL = rx_ocr(
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
    # a net total: Portuguese "Total ilíquido", "sem IVA", "base imponible", "imponibile", "zonder btw"
    r"il[ií]quido",
    r"(?:sem|s/|sin|senza) iva",
    r"base (?:tribut[aá]vel|imponible|imponibile)",
    r"imponibile",
    r"zonder btw",
)

INCLUDING_TAX = rx_ocr(
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
    # a tax named as included with its rate, or as Italian, Portuguese, Dutch and French print it
    r"inc(?:l)?\.?(?:usive|uding)?\.? (?:\d{1,2}(?:[.,]\d{1,2})? ?% )?(?:vat|tax|gst|mwst|ust|btw|tva|iva)",
    r"inkl\.? (?:\d{1,2}(?:[.,]\d{1,2})? ?% )?(?:mwst|ust)\.?",
    r"iva (?:compresa|inclusa|incluída|incluído|incluida|incluido)",
    r"com iva",
    r"con iva",
    r"tva comprise",
    r"inclusief btw",
)

# A till receipt's total word as OCR garbles it on a photo ("5UMME", "S#MME", "TOTA1",
# "BETRA6"): the words a total line starts with, matched with one character wrong.
TOTAL_WORDS_OCR = ("summe", "total", "totaal", "totale", "betrag", "montant", "importe")

# A till receipt's cash lines: what was handed over and what was given back. The total is
# the difference when OCR lost its label ("Gegeben 20,00", "Zurück 7,50": 12,50).
TENDERED = rx_ocr(
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
CHANGE_GIVEN = rx_ocr(
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
CREDIT_NOTE_HEADING = rx_ocr(
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
# 500,00" … "Netto a pagare 400,00"), which is what the reader pays.
TOTAL_TO_PAY = rx_ocr(
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
# minus as it is taken off the balance ("Amount Paid ($25.00)", "Bezahlt -25,00 €"): the
# amount settled, positive, unless the document is a credit note.
TOTAL_SETTLED = rx_ocr(
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


# "A PAGAR 7,37" opening a Spanish or Portuguese till's line: the amount to pay
TO_PAY_OPENING = re.compile(r"^\W{0,2}a pagar(?![^\W\d_])", re.I)

# What a total of something other than money counts, right after its label ("Total Qty",
# "Total weight", "Gesamt Stunden", "Total savings"), or the period a running total covers
# ("Total paid to date", "Year to date total"): never the amount to pay. A count before the
# word is a receipt's total ("TOTAL 3 items £12.00"), so only the word right after counts.
NOT_MONEY_TOTAL = rx_ocr(
    r"qty",
    r"quantity",
    r"quantities",
    r"weight",
    r"hours",
    r"hrs",
    r"units",
    r"items",
    r"pieces",
    r"pcs",
    r"savings",
    r"saved",
    r"points",
    r"pages",
    r"menge",
    r"anzahl",
    r"stück",
    r"stk",
    r"gewicht",
    r"stunden",
    r"artikel",
    r"positionen",
    r"punkte",
    r"ersparnis",
    r"quantité",
    r"qté",
    r"poids",
    r"heures",
    r"articles",
    r"pièces",
    r"économies",
    r"cantidad",
    r"peso",
    r"horas",
    r"artículos",
    r"unidades",
    r"piezas",
    r"ahorro",
    r"quantità",
    r"qtà",
    r"ore",
    r"articoli",
    r"pezzi",
    r"risparmio",
    r"aantal",
    r"uren",
    r"artikelen",
    r"stuks",
    r"quantidade",
    r"qtd",
    r"artigos",
    r"peças",
    r"poupança",
)
RUNNING_TOTAL = rx_ocr(r"to date", r"year to date", r"ytd", r"this year", r"bisher", r"lfd\. jahr")

# the other lines a totals block may hold: a tip, a rounding, a bottle deposit, a fee
BLOCK_LABEL = rx_ocr(
    r"tip",
    r"gratuity",
    r"trinkgeld",
    r"pourboire",
    r"propina",
    r"mancia",
    r"fooi",
    r"rounding",
    r"rundung",
    r"arrondi",
    r"arredondamento",
    r"arrotondamento",
    r"redondeo",
    r"afronding",
    r"pfand",
    r"statiegeld",
    r"service(?: charge)?",
    r"fees?",
    r"gebühr",
    r"frais",
)
