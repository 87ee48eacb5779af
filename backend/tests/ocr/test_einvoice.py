"""The e-invoice a PDF carries (`app.ocr.einvoice`): read from its attachment in the OCR
worker's text-layer pass, in the three syntaxes in use, and nothing taken from XML that is
hostile, malformed, too large or no invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium

from app.domain import EInvoice, LayoutHints
from app.ocr import einvoice
from app.ocr.einvoice import embedded_invoice, parse_invoice_xml
from app.ocr.local_worker import init_worker, pdf_einvoice
from app.workers import Budget, WorkerPool
from tests.ocr.einvoices import (
    PRINTED,
    UBL,
    ZUGFERD_1,
    cii,
    pdf_with_packed_attachment,
    with_attachment,
)
from tests.ocr.test_local import make_engine, run


def test_a_cross_industry_invoice_gives_number_date_seller_total_and_due_date():
    found = parse_invoice_xml(cii())
    assert found == EInvoice(
        "RE-20170509/505",
        dt.date(2017, 5, 9),
        "Bei Spiel GmbH",  # the seller's own name, not its contact's or the buyer's
        Decimal("571.04"),
        "EUR",
        dt.date(2017, 5, 30),
    )


def test_zugferd_1_and_ubl_are_read_too():
    assert parse_invoice_xml(ZUGFERD_1) == EInvoice(
        "2013-0042", dt.date(2013, 3, 5), "Tischlerei Nord GmbH", Decimal("235.62"), "EUR", None
    )
    assert parse_invoice_xml(UBL) == EInvoice(
        "INV-7731",
        dt.date(2024, 11, 2),
        "Northwind Hardware B.V.",
        Decimal("121.00"),  # tax included, not the net amount
        "EUR",
        dt.date(2024, 11, 30),
    )


def test_hostile_malformed_large_or_foreign_xml_gives_nothing():
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Invoice><ID>&lol2;</ID></Invoice>"""
    external = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice><ID>&e;</ID></Invoice>"""
    assert parse_invoice_xml(laughs) is None
    assert parse_invoice_xml(external) is None
    assert parse_invoice_xml(b"<Invoice><ID>1</ID>") is None  # cut off
    assert parse_invoice_xml(b"%PDF-1.7 not xml at all") is None
    assert (
        parse_invoice_xml(b"<svg xmlns='http://www.w3.org/2000/svg'><text>1</text></svg>") is None
    )
    assert parse_invoice_xml(b"<Invoice/>") is None  # an invoice that states nothing
    padded = cii().replace(
        b"<ram:TypeCode>", b"<!--" + b" " * einvoice.MAX_XML_BYTES + b"--><ram:TypeCode>"
    )
    assert parse_invoice_xml(padded) is None


def test_bad_values_are_left_out_and_the_rest_kept():
    found = parse_invoice_xml(cii(issued="20171341", total="five hundred", due="2017-05-30"))
    assert found is not None
    assert found.issued is None and found.total is None
    assert found.number == "RE-20170509/505" and found.due == dt.date(2017, 5, 30)


async def test_the_engine_reads_the_attached_xml_with_the_pages(workers):
    engine, storage = make_engine(workers)
    result, _ = await run(
        engine, storage, with_attachment(PRINTED, "factur-x.xml", cii()), "application/pdf"
    )
    assert result.layout.e_invoice == parse_invoice_xml(cii())
    assert "Gesamtbetrag" in result.text
    plain, _ = await run(engine, storage, PRINTED.read_bytes(), "application/pdf")
    assert plain.layout.e_invoice is None
    # it travels with the layout hints the metadata step reads back
    hints = LayoutHints(e_invoice=result.layout.e_invoice)
    assert LayoutHints.from_json(hints.to_json()).e_invoice == result.layout.e_invoice


def test_the_worker_call_reads_it_from_a_file(tmp_path: Path):
    carrying = tmp_path / "rechnung.pdf"
    carrying.write_bytes(with_attachment(PRINTED, "factur-x.xml", cii()))
    assert pdf_einvoice(str(carrying)) == parse_invoice_xml(cii())
    assert pdf_einvoice(str(PRINTED)) is None


def test_another_xml_attachment_is_tried_and_a_broken_one_skipped(tmp_path: Path):
    carrying = tmp_path / "invoice.pdf"
    carrying.write_bytes(with_attachment(PRINTED, "notes.xml", b"<notes><n>hello</n></notes>"))
    step = tmp_path / "invoice2.pdf"
    step.write_bytes(with_attachment(carrying, "INVOICE-7731.XML", UBL))
    document = pdfium.PdfDocument(str(step))
    try:
        assert embedded_invoice(document) == parse_invoice_xml(UBL)
    finally:
        document.close()


def test_stored_hints_with_a_malformed_e_invoice_are_read_without_it():
    assert LayoutHints.from_json({"e_invoice": "yes"}).e_invoice is None
    odd = LayoutHints.from_json({"e_invoice": {"number": 7, "issued": "13/05/2017", "total": "x"}})
    assert odd.e_invoice == EInvoice()


async def test_an_attachment_that_unpacks_past_the_workers_budget_costs_only_the_hint(caplog):
    """An attachment named like an e-invoice that unpacks to 3 GB (a 3 MB file): reading it
    takes its worker over the memory budget and the pool replaces the worker; the PDF's page
    is read all the same, without an e-invoice."""
    pool = WorkerPool(
        1, Budget(cpu_s=60, memory_mb=1536, timeout_s=120), spare=0, initializer=init_worker
    )
    try:
        engine, storage = make_engine(pool)
        pdf = pdf_with_packed_attachment("Rechnung Nordwind 2024-0815", "factur-x.xml", 3 << 30)
        assert len(pdf) < 5_000_000
        caplog.set_level("WARNING", logger="app.ocr.local")
        result, _ = await run(engine, storage, pdf, "application/pdf")
        assert "Nordwind" in result.text
        assert result.layout.e_invoice is None
        assert pool.replaced == 1
        assert any("e-invoice attachment not read" in r.getMessage() for r in caplog.records)
    finally:
        pool.shutdown()


def test_a_credit_notes_total_is_money_coming_back():
    credit = cii().replace(b"<ram:TypeCode>380<", b"<ram:TypeCode>381<")
    found = parse_invoice_xml(credit)
    assert found is not None and found.total == Decimal("-571.04")
    ubl_credit = UBL.replace(
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
        b'<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
    ).replace(b"</Invoice>", b"</CreditNote>")
    found = parse_invoice_xml(ubl_credit)
    assert found is not None and found.total == Decimal("-121.00")
    # a self-billed invoice (389, a German "Gutschrift") is money owed as any invoice
    self_billed = cii().replace(b"<ram:TypeCode>380<", b"<ram:TypeCode>389<")
    assert parse_invoice_xml(self_billed).total == Decimal("571.04")  # type: ignore[union-attr]


def test_the_total_is_what_is_left_to_pay_else_what_was_paid():
    """The facts' total is the amount to pay or paid: after a deposit, what is left to pay
    (as the corpus reads "Solde à payer" over "Total TTC"); an invoice paid in full (nothing
    left) gives its grand total."""
    deposit = cii().replace(b"<ram:DuePayableAmount>571.04<", b"<ram:DuePayableAmount>371.04<")
    assert parse_invoice_xml(deposit).total == Decimal("371.04")  # type: ignore[union-attr]
    paid = cii().replace(b"<ram:DuePayableAmount>571.04<", b"<ram:DuePayableAmount>0.00<")
    assert parse_invoice_xml(paid).total == Decimal("571.04")  # type: ignore[union-attr]
    ubl_paid = UBL.replace(
        b'PayableAmount currencyID="EUR">121.00', b'PayableAmount currencyID="EUR">0.00'
    )
    assert parse_invoice_xml(ubl_paid).total == Decimal("121.00")  # type: ignore[union-attr]
