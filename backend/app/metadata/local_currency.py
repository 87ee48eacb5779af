"""The currency of a total whose document writes none beside its amounts: what the document
says of the country it comes from (a tax number, a tax's word, a phone number, a postcode),
never its language alone, but for Dutch, whose two countries both pay in euro."""

from __future__ import annotations

import re

from app.metadata.language import US_STATES, US_TOWN_STATE_ZIP

# Where a document names no currency at all (no sign, no code, no IBAN): what it says of the
# country it comes from. An Indian GST invoice's tax words say rupees; a VAT id's or a phone
# number's country prefix, a US state with its ZIP code, a UK postcode, a German, French or
# Italian five-digit postcode or a Dutch or Portuguese one in a document of that language
# say the country. A language alone says nothing (a Swiss German invoice, a Belgian one).
_INDIAN_TAX = re.compile(r"\b(?:GSTIN|CGST|SGST|IGST|UTGST)\b")
_EURO_WORD = re.compile(r"(?<![^\W\d_])euros?(?![^\W\d_])", re.I)
# A tax word only euro countries print: Dutch and Flemish "BTW", German and Austrian "USt" /
# "Umsatzsteuer" (Switzerland says "MWST", so "MwSt" alone says nothing). A till receipt's
# "BTW 9% 0,65" or "USt 19% 1,20" names the country where it names no currency.
_EURO_TAX_WORD = re.compile(r"(?<![^\W\d_])(?:btw|ust|umsatzsteuer)(?![^\W\d_])", re.I)
_EURO_COUNTRIES = "AT|BE|CY|DE|EE|EL|ES|FI|FR|GR|HR|IE|IT|LT|LU|LV|MT|NL|PT|SI|SK"
_VAT_ID = re.compile(
    r"(?i:ust\.?[- ]?id\.?[- ]?nr|ust-?idnr|vat(?: reg(?:istration)?)?(?: no| number| id)?|"
    r"tva(?: intracom\w*)?|n° tva|btw(?:-nr| nummer)?|p\.? ?iva|partita iva|nif|cif|uid|"
    r"umsatzsteuer-?id\w*|steuer-?id\w*|mwst-?nr\.?|uid-?nr\.?)[^A-Za-z\d]{0,6}"
    r"(?P<country>" + _EURO_COUNTRIES + r"|GB|CHE)[ .:-]?\d"
)
# A national company or tax number only a euro country issues: Italy's partita IVA and codice
# fiscale, France's SIRET, SIREN and RCS, the Netherlands' KvK and BTW number, Spain's NIF and
# CIF, Portugal's NIPC, Germany's Steuernummer and USt-IdNr. (A Swiss number says CHE, above.)
_EURO_TAX_ID = re.compile(
    r"(?<![^\W\d_])(?:p\.\s?iva|partita iva|codice fiscale|siret|siren|r\.?c\.?s\.?|kvk|"
    r"btw-?(?:nr|nummer)|n\.?i\.?f\.?|c\.?i\.?f\.?|nipc|steuer-?nr|steuernummer|"
    r"ust-?id(?:nr|\.-?nr)?)(?![^\W\d_])\.?\s*[:.]?\s*(?:[A-Z]{1,2}\s?)?\d",
    re.I,
)
_PHONE_COUNTRY = re.compile(
    r"(?<![\w+])(?:\+|00)(?P<code>49|43|33|39|34|31|32|351|353|352|44|41)"
    r"[\s()/.-]+\d"  # "+49 30 …", "0044 (0)20 …": never digits run on ("004912345")
)
_PHONE_CURRENCY = {"44": "GBP", "41": "CHF"}
_US_ZIP = re.compile(r"(?<![A-Za-z]),? (?:" + US_STATES + r"),? \d{5}(?:-\d{4})?(?!\d)")
# a UK VAT number without its GB prefix, in its printed groups ("VAT No 123 4567 89")
_UK_VAT = re.compile(
    r"(?i)(?<![^\W\d_])vat (?:reg(?:istration)?\.? )?(?:no|number|nr)\.?\s*:?\s*"
    r"\d{3} \d{4} \d{2}(?!\d)"
)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}\b")
_POSTCODE = {  # a postcode with its town, in a document of the country's language
    "de": re.compile(r"(?<![\d.,/-])\d{5} [A-ZÄÖÜ][a-zäöüß]"),
    "fr": re.compile(r"(?<![\d.,/-])\d{5} [A-ZÉ][A-Za-zéèêç]"),
    "it": re.compile(r"(?<![\d.,/-])\d{5} [A-Z][A-Za-z]"),
    "nl": re.compile(r"(?<![\d.,/-])\d{4} ?[A-Z]{2} [A-Z][a-z]"),
    "pt": re.compile(r"(?<![\d.,/-])\d{4}-\d{3} [A-Z][a-z]"),
}


def fallback_currency(text: str, language: str | None = None) -> str | None:
    """The currency of a total whose document names none, from what the document says of
    the country it comes from; None when it says nothing (never a guess from the language
    alone)."""
    if _INDIAN_TAX.search(text):
        return "INR"
    if _EURO_WORD.search(text):
        return "EUR"
    vat = _VAT_ID.search(text)
    if vat:
        country = vat.group("country")
        return {"GB": "GBP", "CHE": "CHF"}.get(country, "EUR")
    if _EURO_TAX_ID.search(text) or _EURO_TAX_WORD.search(text):
        return "EUR"
    phone = _PHONE_COUNTRY.search(text)
    if phone:
        return _PHONE_CURRENCY.get(phone.group("code"), "EUR")
    if language in (None, "en") and (_US_ZIP.search(text) or US_TOWN_STATE_ZIP.search(text)):
        return "USD"
    if language in (None, "en") and _UK_VAT.search(text):
        return "GBP"
    if language == "en" and _UK_POSTCODE.search(text):
        return "GBP"
    if language == "nl":
        # Dutch is written in two countries, both of the euro (the Netherlands, Flanders)
        return "EUR"
    postcode = _POSTCODE.get(language or "")
    if postcode is not None and postcode.search(text):
        return "EUR"
    return None
