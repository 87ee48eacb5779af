"""The words that place a sender and a recipient on a page (`local_correspondent*.py`).

Labels rather than names: the marks of an issuer's block (a seller's label, a tax or register
number, a bank line), of a recipient's address block ("Bill to", "An", "À", "Aan", "Kunde"),
the words that are no name at all, a street's word (an address, not a company), a return
address line over a window envelope's address, an author's and a copyright line, and the
mailbox providers whose domains name nobody. Recipient's labels come in two lists: at a
line's start any of them, in the middle of a line (two columns run together) only those
that never occur inside a sender's name or at a sentence's start, since a false cut there
loses the sender.
"""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.local_words import rx

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

ISSUER_MARK = rx(
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
    r"verkoper|supplier|lieferant|fournisseur|leverancier|issued by|issuer|vendor|sold by|biller|"
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
# neighbours): "acme-tools.de | Sample Street 42 | 12345 Sometown". Its first part is the sender;
# the lines after it are the recipient's address.
SENDER_LINE = re.compile(r"^(?P<name>[^|·•\d][^|·•]{2,60}?)\s*[|·•]\s*.*\b\d{4,5}\s+[^\W\d_]", re.I)

# A street's word: "400 Harbor Avenue SE" is an address, not a company "SE".
STREET_WORD = rx(
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
