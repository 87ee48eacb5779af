"""The correspondent on layouts written for issue 26's wave 3: a customer's block and the
issuer's read one after the other or side by side, a name with its particles, a receipt's
head with OCR's crumbs around it. Every text here is made up."""

from __future__ import annotations

import pytest

from app.metadata.facts import FactName
from app.metadata.language import detect_language
from app.metadata.local_correspondent import detect_correspondent
from app.metadata.local_correspondent_layout import (
    foot_name,
    is_street,
    recipient_lines,
    side_by_side,
)
from app.metadata.local_correspondent_names import trim_lead_in, web_spellings
from app.metadata.local_facts import extract_facts
from app.metadata.local_lines import Line


def sender_of(text: str) -> object:
    pages = text.split("\n\n---\n\n")
    fact = extract_facts(pages, detect_language(text)).get(FactName.CORRESPONDENT)
    return None if fact is None else fact.value


def lines_of(text: str) -> list[Line]:
    return [Line(1, i, t) for i, t in enumerate(text.splitlines())]


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Bill to\nJane Carter\n22 Elm Street\nLeeds LS2 9JT\nNorthwind Hosting Ltd\n"
            "Unit 4, Harbour Park\nBristol BS1 5TT\nVAT No. GB 123 4567 89\nINVOICE\n"
            "Invoice number: NWH-20931\nInvoice date: 14 March 2025\nTotal due £24.00\n",
            "Northwind Hosting Ltd",
        ),
        (
            "Spett.le\nMarco Conti\nVia Verdi 3\n40121 Bologna\nIdraulica Ferri S.r.l.\n"
            "Via dell'Industria 8\n40127 Bologna\nP.IVA 02345678901\nFATTURA N. 45/2025\n"
            "Data: 07/03/2025\nTotale documento 366,00 €\n",
            "Idraulica Ferri S.r.l.",
        ),
    ],
)
def test_a_customers_block_ends_at_its_town(text: str, sender: str) -> None:
    """The customer's column read first, the issuer's after it: the issuer's name under the
    customer's town is not the customer's."""
    assert sender_of(text) == sender


def test_the_customers_country_and_mail_stay_in_its_block() -> None:
    block = recipient_lines(
        lines_of("Bill to\nJane Carter\n22 Elm Street\nLeeds LS2 9JT\nUnited Kingdom\nInvoice")
    )
    assert (1, 4) in block
    mailed = recipient_lines(lines_of("Rechnung an\nAnna Roth\nWeg 2\n10115 Berlin\nanna@roth.de"))
    assert (1, 4) in mailed


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Bill to Northwind Hosting Ltd\nJane Carter Unit 4, Harbour Park\n"
            "22 Elm Street Bristol BS1 5TT\nLeeds LS2 9JT VAT No. GB 123 4567 89\n# INVOICE\n"
            "Invoice number: NWH-20931\nInvoice date: 14 March 2025\nTotal due £24.00\n",
            "Northwind Hosting Ltd",
        ),
        (
            "Spett.le Idraulica Ferri S.r.l.\nMarco Conti Via dell'Industria 8\n"
            "Via Verdi 3 40127 Bologna\n40121 Bologna P.IVA 02345678901\n"
            "FATTURA N. 45/2025\nData: 07/03/2025\nTotale documento 366,00 €\n",
            "Idraulica Ferri S.r.l.",
        ),
    ],
)
def test_two_address_blocks_run_together_line_by_line(text: str, sender: str) -> None:
    """The customer's label at the left, the issuer's name right of it, and the two address
    blocks side by side on the lines below."""
    assert sender_of(text) == sender


def test_a_one_column_block_after_its_label_is_not_two() -> None:
    text = "Bill to Acme Ltd\n4 Mill Road Leeds LS2 9JT\nUnited Kingdom\nInvoice 12"
    assert side_by_side(lines_of(text)) == {}
    assert (
        sender_of(
            "Harbor Print Ltd\n1 Dock Street\nHull HU1 1AA\nVAT No. GB 111 2222 33\n"
            "Bill to Acme Ltd\n4 Mill Road Leeds LS2 9JT\nUnited Kingdom\nInvoice 12\n"
            "Date: 2 March 2025\nTotal £10.00"
        )
        == "Harbor Print Ltd"
    )


def test_a_name_with_particles_heads_the_page() -> None:
    text = (
        "Eaux du Val de Loire\nService clients : 09 69 32 00 00\nMadame Claire Moreau\n"
        "7 impasse des Roses\n37000 Tours\nVotre facture d'eau\n"
        "Facture n° 2025-77881 du 15 janvier 2025\nMontant TTC à payer 206,78 €\n"
    )
    assert sender_of(text) == "Eaux du Val de Loire"


def test_a_domain_may_drop_a_names_particles() -> None:
    assert "eauxvaldeloire" in web_spellings("Eaux du Val de Loire")
    assert "banknorth" in web_spellings("Bank of the North")


def test_a_line_that_starts_with_a_particle_goes_on_a_name() -> None:
    text = (
        "Department\nfor Work &\nPensions\n12 Quay Street\nNewcastle NE98 1BA\n"
        "23 April 2018\nYour State Pension forecast\nDear Mr Doe\n"
    )
    assert sender_of(text) != "for Work &"


def test_crumbs_around_a_receipts_head_go() -> None:
    text = (
        "~ . MERCEARIA CENTRAL ' .\nRua Augusta 45\n1100-048 Lisboa\nNIF 501234567\n"
        "FATURA SIMPLIFICADA FS 2025/1183\nData: 21-05-2025 18:32\nPAO 1,20\nLEITE 0,89\n"
        "TOTAL EUR 2,09\nObrigado pela sua visita\n"
    )
    assert sender_of(text) == "MERCEARIA CENTRAL"


@pytest.mark.parametrize(
    ("label", "town"),
    [
        ("Verkocht door", "1011 AA Amsterdam"),
        ("Vendido por", "1200-093 Lisboa"),
        ("Venduto da", "10124 Torino"),
        ("Vendu par", "75016 Paris"),
    ],
)
def test_a_marketplaces_seller_without_a_legal_form(label: str, town: str) -> None:
    text = (
        f"Factuur\nBestelnummer: 987-654\nDatum: 03-03-2025\n{label}: De Boekenhoek\n"
        f"Adres\nPieter Smit\nKade 12\n{town}\nTotaal € 18,50\n"
    )
    assert sender_of(text) == "De Boekenhoek"


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        (
            "Riverside District Council\nCouncil Tax Bill 2025/26\nMr A Patel\n17 Cedar Close\n"
            "Riverton RV2 4PQ\nAccount reference: 50012345\nDate of issue: 10 March 2025\n"
            "Property band: C\n",
            "Riverside District Council",
        ),
        (
            "Mutuelle Atlantique\nAvis d'échéance\nMonsieur Pierre Lefebvre\n12 rue Nationale\n"
            "44000 Nantes\nContrat n° 123456789\nDate : 15 décembre 2024\n"
            "Votre cotisation pour l'année s'élève à 312,00 €.\n",
            "Mutuelle Atlantique",
        ),
    ],
)
def test_a_notice_posted_to_its_reader_has_a_sender(text: str, sender: str) -> None:
    """Of no kind the engine knows, but with the reader's postal address at its head: its
    letterhead names who sent it."""
    found = detect_correspondent(lines_of(text), letterhead=False, kind=None)
    assert found is not None and found[0] == sender


@pytest.mark.parametrize(
    ("foot", "sender"),
    [
        (
            "Malerbetrieb Sommer · Inh. Jens Sommer · Hafenweg 9 · 48155 Münster · "
            "Steuernummer 337/5012/3456",
            "Malerbetrieb Sommer",
        ),
        ("Oficina Verde - Calle Luna 4 - 28004 Madrid - NIF 12345678Z", "Oficina Verde"),
        ("Studio Nord | Via Po 2 | 10124 Torino | P.IVA 01234567890", "Studio Nord"),
    ],
)
def test_a_foots_legal_line_names_a_bill_without_letterhead(foot: str, sender: str) -> None:
    text = (
        "Frau\nJulia Krause\nAhornweg 5\n48143 Münster\nRechnung Nr. 112/2025\n"
        "Münster, 14.05.2025\nWände streichen 1.200,00 €\nGesamt 1.428,00 €\n"
        f"Zahlbar innerhalb von 14 Tagen ohne Abzug.\n{foot}\n"
    )
    assert sender_of(text) == sender


def test_a_foot_without_a_tax_or_register_line_names_nobody() -> None:
    text = (
        "Frau\nJulia Krause\nAhornweg 5\n48143 Münster\nRechnung Nr. 112/2025\n"
        "Münster, 14.05.2025\nGesamt 1.428,00 €\nSeite 1 · Hafenweg 9 · 48155 Münster\n"
    )
    assert sender_of(text) != "Seite 1"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Förderverein Grundschule am Park e.V.", "Förderverein Grundschule am Park e.V."),
        ("Rechnung der Apotheke am Markt GmbH", "Apotheke am Markt GmbH"),
        ("Hotel zur Post GmbH & Co. KG", "Hotel zur Post GmbH & Co. KG"),
        ("Bakkerij aan de Dam B.V.", "Bakkerij aan de Dam B.V."),
        ("Zahlung an Acme GmbH", "Acme GmbH"),
        ("Thank you for shopping at Fresh Mart Ltd", "Fresh Mart Ltd"),
    ],
)
def test_a_place_joined_into_a_name_stays_in_it(line: str, name: str) -> None:
    assert trim_lead_in(line, "de") == name


@pytest.mark.parametrize(
    "label",
    ["Zahlungsdienstleister", "Acquirer", "Payment service provider", "Prestataire de paiement"],
)
def test_a_card_slips_payment_provider_is_not_the_shop(label: str) -> None:
    text = (
        "Blumen Koch\nGartenstraße 4\n34117 Kassel\nBeleg-Nr. 2211\n05.05.2025 10:12\n"
        f"Rosenstrauß 24,90\nSUMME EUR 24,90\nKartenzahlung girocard\n{label}: Payone GmbH\n"
        "Vielen Dank für Ihren Besuch!\n"
    )
    assert sender_of(text) == "Blumen Koch"


def test_a_slogan_after_the_name_and_a_dash_goes() -> None:
    text = (
        "Müller Haustechnik – Ihr Partner für Wärme und Wasser\n"
        "Ringstraße 4 · 76133 Karlsruhe · Tel. 0721 123456\nHerrn\nPaul Schneider\nAm Hang 7\n"
        "76137 Karlsruhe\nRechnung Nr. 2025-077\nDatum: 21.02.2025\nRechnungsbetrag 214,20 €\n"
    )
    assert sender_of(text) == "Müller Haustechnik"


def test_a_phone_number_run_onto_the_name_goes() -> None:
    text = (
        "Pizzeria Napoli Tel. 081 5551234\nVia Chiaia 20 80121 Napoli\nDOCUMENTO COMMERCIALE\n"
        "2 Margherita 14,00\nTOTALE EURO 14,00\n22/03/2025 21:15\n"
    )
    assert sender_of(text) == "Pizzeria Napoli"


def test_a_portuguese_invoice_receipts_issuer_and_buyer() -> None:
    text = (
        "Fatura-Recibo n.º FR ATSIRE01FR/12\nData de emissão: 2025-03-31\n"
        "Emitente: Marta Ferreira\nNIF 223344556\nMorada: Rua do Almada 50, 4050-031 Porto\n"
        "Adquirente: Gabinete Contabilidade Lda\nNIF 509123456\n"
        "Valor base 1.000,00 €\nImportância recebida 980,00 €\n"
    )
    assert sender_of(text) == "Marta Ferreira"


@pytest.mark.parametrize(
    ("company", "attention"),
    [
        ("Boulangerie Durand SARL", "À l'attention de M. Durand"),
        ("Restaurante O Farol, Lda.", "A/C Sr. Manuel Pinto"),
        ("Van Dijk Vastgoed B.V.", "T.a.v. de heer M. van Dijk"),
        ("Müller Bau GmbH", "z. Hd. Frau Lisa Koch"),
    ],
)
def test_the_company_over_an_attention_line_is_the_addressee(company: str, attention: str) -> None:
    """The issuer's foot lost its register mark to OCR ("SlRET"): the company at the top,
    over the person it is for, is still the addressee's."""
    text = (
        f"{company}\n{attention}\n3 place du Marché\n33000 Bordeaux\nFacture n° 2025-118\n"
        "Date : 4 avril 2025\nTotal TTC 1 068,00 €\n"
        "Plomberie Martin SAS – 12 rue des Artisans, 33100 Bordeaux – SlRET 812 345 678 00015\n"
    )
    assert sender_of(text) == "Plomberie Martin SAS"


def test_a_unit_and_its_number_is_an_address_not_a_name() -> None:
    assert is_street("Unit 9, Riverside Estate")
    assert is_street("Suite 200")
    assert not is_street("Unity Print Works")


def test_herrn_as_ocr_reads_it_is_still_the_recipients_label() -> None:
    text = (
        "Herm\nPaul Schneider\nAm Hang 7\n76137 Karlsruhe\nRechnung Nr. 2025-077\n"
        "Datum: 21.02.2025\nRechnungsbetrag 214,20 €\n"
    )
    assert sender_of(text) != "Herm"


def test_a_foots_street_and_town_may_share_a_part() -> None:
    text = (
        "Restaurante O Farol\nRua da Praia 10\n8500-001 Portimão\nFATURA FT A/215\n"
        "Data: 12-06-2025\nTotal 2.214,00 €\n"
        "Carpintaria Sousa · Rua do Comércio 5, 8500-500 Portimão · NIF 507654321\n"
    )
    lines = lines_of(text)
    assert foot_name(lines, set()) == ("Carpintaria Sousa", lines[-1])


@pytest.mark.parametrize(
    ("head", "sender"),
    [
        (
            "Bäckerei Schmidt Rechnungsnummer: 2025-031\nMarktplatz 3 Datum: 12.04.2025\n"
            "37073 Göttingen Kundennummer: 4471\nHerrn\nJan Koch\nWeender Str. 5\n37073 Göttingen\n",
            "Bäckerei Schmidt",
        ),
        (
            "Blue Heron Carpentry Invoice No: 4471\n14 Mill Road Date: 7 May 2025\n"
            "Norwich NR2 3QT Due: 21 May 2025\nBill to:\nHarbour Foods\n12 Quay Road\n"
            "Great Yarmouth NR30 2AB\n",
            "Blue Heron Carpentry",
        ),
        (
            "Atelier Lumière Facture n° 2025-12\n5 rue Cler Date : 03/03/2025\n75007 Paris\n"
            "Client : M. Paul Girard\n",
            "Atelier Lumière",
        ),
        (
            "Schildersbedrijf Jansen Factuurnummer: 2025-008\n"
            "Dorpsstraat 12 Factuurdatum: 14-03-2025\n1234 AB Ons Dorp\nAan: Fam. de Wit\n",
            "Schildersbedrijf Jansen",
        ),
    ],
)
def test_the_header_fields_run_onto_the_letterhead_go(head: str, sender: str) -> None:
    text = head + "Rechnung / Invoice / Facture\nTotal 540,00 €\n"
    assert sender_of(text) == sender


def test_a_statements_holder_left_of_its_fields_is_not_the_bank() -> None:
    text = (
        "ACCOUNT STATEMENT\nJane Doe Statement Period 1 MAY 2021 to 31 MAY 2021\n"
        "100 Main Street, Anytown, USA Account Number 333 0087 Account Name Jane Doe\n"
        "Your closing account balance as at 31 MAY 2021 | $123,084.85\n"
    )
    assert sender_of(text) != "Jane Doe"


def test_an_italian_courtesy_title_marks_the_addressee() -> None:
    text = (
        "Azienda Sanitaria Locale Roma 3\nVia Casal Bernocchi 73 - 00125 Roma\n"
        "Gentile Sig.ra Paola Marini\nVia Ostiense 200\n00154 Roma\nRoma, 3 marzo 2025\n"
        "Oggetto: Convocazione per screening\nGentile Signora,\n"
        "La invitiamo a presentarsi presso il nostro ambulatorio.\nCordiali saluti\n"
    )
    assert sender_of(text) == "Azienda Sanitaria Locale Roma 3"


def test_a_salutation_opening_the_body_is_no_addressee() -> None:
    lines = lines_of("Gentile cliente,\nLe scriviamo per informarla.\nDistinti saluti\n")
    assert recipient_lines(lines) == set()


@pytest.mark.parametrize("office", ["Belastingdienst", "Steueramt Musterstadt"])
def test_a_kinds_word_made_an_offices_name_is_a_sender(office: str) -> None:
    text = (
        f"{office}\nPostbus 9000\n6400 AA Heerlen\nDe heer R. Dekker\nLaan 15\n"
        "2512 AB Den Haag\nDatum 1 maart 2025\n"
        "Onderwerp Voorlopige aanslag inkomstenbelasting 2025\nTe betalen € 1.240,00\n"
    )
    assert sender_of(text) == office


def test_a_run_in_fields_label_misread_by_ocr_still_goes() -> None:
    text = (
        "Bäckerei Schmidt Rcchnungsnummer: 2025-031\nMarktplatz 3 Datum: 12.04.2025\n"
        "37073 Göttingen\nHerrn\nJan Koch\nWeender Str. 5\n37073 Göttingen\nRechnung\n"
        "Gesamtbetrag 192,60 €\n"
    )
    assert sender_of(text) == "Bäckerei Schmidt"
