"""The words that tell a document's kind (`local_type.py`), in the languages the engine reads.

`TYPE_WORDS` lists, for each kind, the headings and the phrases a document of that kind names
itself or its business by: broad on purpose (a kind's word, its compounds: German writes
"Stromrechnung" as one word, and what only that kind says: "payable within 14 days"), with
lookaheads that keep out a neighbouring kind's compound ("Entgeltabrechnung" is a payslip,
not a bill), because a document names its kind once or twice at most and the rule weighs
where the word stands. The kinds whose words also run through prose are listed apart
(`PROSE_KINDS`), as are the headline words to recognise through OCR's garbling
(`HEADLINE_WORDS`, plain folded words since they are compared letter by letter) and the
marks of a kind that do not name it: a form's blank fields, a Swiss QR-bill's payment part.
"""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.local_words import rx

TYPE_WORDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.INVOICE: rx(
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
        # a utility's bill in Portuguese ("Conta de luz", "conta da água")
        r"conta d[aeo] (?:luz|gás|gas|água|agua|eletricidade|electricidade|telefone|internet)",
    ),
    DocumentType.RECEIPT: rx(
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
        # 10,00", "TARJETA BANCARIA 4,20", "PINNEN 6,00"), or the change given back
        r"(?:cb|espèces|contante|contanti|resto|efectivo|cambio|tarjeta(?: bancaria| de cr[ée]dito)?|"
        r"pinnen|pin|contant|gegeben(?: bar)?|zurück)\s*:?\s*(?:€|eur)?\s*\d+[.,]\d\d",
        # a payment's slip and a French rent or fee receipt
        r"zahlungsbeleg",
        r"quittance(?: de loyer)?",
        # a Portuguese till's slip ("Talão de compra")
        r"talão(?: de (?:compra|venda|caixa))?",
    ),
    DocumentType.BANK_STATEMENT: rx(
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
    DocumentType.PAYSLIP: rx(
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
    DocumentType.TAX: rx(
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
    DocumentType.INSURANCE: rx(
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
    DocumentType.CONTRACT: rx(
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
    DocumentType.MEDICAL: rx(
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
    DocumentType.MANUAL: rx(
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
    DocumentType.REPORT: rx(
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
    DocumentType.ARTICLE: rx(
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
        # a periodical's issue: "Vol. 60", "Quarterly Fisheries Review • March 2019"
        r"vol\. ?\d+",
        r"volume \d+",
        r"jahrgang \d+",
        r"(?:weekly|monthly|quarterly) (?:[^\W\d_]+ )?(?:review|journal|bulletin|magazine|newsletter)",
        r"corresponding author",
        r"korrespondenzautor(?:in)?",
    ),
    DocumentType.FORM: rx(
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
OTHER_WORDS = rx(
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


# The payment part of a Swiss QR-bill (its own headings in the four languages it is printed
# in): a bill to pay when it carries an amount, a slip to fill in when it carries none. Its
# "Receipt / Empfangsschein / Récépissé / Ricevuta" section is the payer's stub, no receipt.
QR_PAYMENT_PART = rx(
    r"payment part",
    r"zahlteil",
    r"section paiement",
    r"sezione pagamento",
    r"acceptance point",
    r"annahmestelle",
    r"point de dépôt",
    r"punto di accettazione",
)
# An amount as the slip prints it: after its currency ("CHF 1 250.00") or alone on its line
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


# --- wave 3 (round 9): more of the same kinds of words, from probes in seven languages ---


# Words that name a kind only as a page's title alone: a contract's compound ("MIETVERTRAG",
# "Arbeitsvertrag", "Huurovereenkomst", "Nutzungsvereinbarung"), which in running text names
# another document ("Ihr Stromliefervertrag"); a till's "Ticket" or "Beleg", which in a
# sentence is a support ticket or any voucher.
TITLE_COMPOUNDS: dict[DocumentType, re.Pattern[str]] = {
    DocumentType.CONTRACT: re.compile(r"[^\W\d_]{3,}(?:vertrag|vereinbarung|overeenkomst)", re.I),
    DocumentType.RECEIPT: re.compile(r"ticket|beleg|tiquet", re.I),
}
