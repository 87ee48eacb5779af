"""Facts and language through the real pipeline: stored by the metadata job, each with the page
and the words it was read from; a person's facts kept."""

from __future__ import annotations

import httpx

from app.metadata.local_text import PAGE_BREAK
from tests import files
from tests.api.test_documents import parse_sse
from tests.conftest import User, upload, wait_for
from tests.ocr.einvoices import PRINTED, cii, with_attachment

COVER = [
    "Dear customer, this page is the cover letter about your account.",
    "We hope the service met your needs and look forward to hearing from you.",
]
INVOICE = [
    "ACME Widgets Ltd",
    "Invoice",
    "Invoice number: INV-2026-117",
    "Invoice date: 14 March 2026",
    "Gardening tools and widgets delivered to your door.",
    "Total due: 1,234.50 EUR",
    "Please pay by 31 March 2026.",
]


async def _invoice(client: httpx.AsyncClient, user: User) -> dict:
    response = await upload(client, user, files.text_pdf([COVER, INVOICE]), "invoice.pdf")
    assert response.status_code == 202, response.text
    return await wait_for(client, user, response.json()["document_id"])


async def test_the_pipeline_stores_language_and_facts_with_their_page_and_quote(client, user):
    doc = await _invoice(client, user)
    assert doc["metadata_status"] == "complete", doc
    assert doc["language"] == "en"
    facts = doc["facts"]
    assert facts["document_type"]["value"] == "invoice"
    assert facts["correspondent"]["value"] == "ACME Widgets Ltd"
    assert facts["document_date"]["value"] == "2026-03-14"
    assert facts["due_date"]["value"] == "2026-03-31"
    assert facts["total"]["value"] == {"amount": "1234.50", "currency": "EUR"}
    assert facts["reference"]["value"] == "INV-2026-117"
    pages = doc["ocr"]["text"].split(PAGE_BREAK)
    assert len(pages) == 2
    for name, fact in facts.items():
        if fact is None:
            continue
        assert fact["source"] == "local", name
        assert fact["page"] == 2, name  # the invoice is the second page, after a cover letter
        assert " ".join(fact["quote"].split()) in " ".join(pages[1].split()), name


async def test_the_users_own_tags_are_the_vocabulary(client, user):
    first = await upload(client, user, files.text_pdf([["Notes on the garden shed."]]), "a.pdf")
    first_id = first.json()["document_id"]
    await wait_for(client, user, first_id)
    patched = await client.patch(
        f"/api/documents/{first_id}", headers=user.headers, json={"tags": ["Bills"]}
    )
    assert patched.status_code == 200, patched.text

    doc = await _invoice(client, user)
    # "bills" is the user's word for invoices; the engine files this invoice under it.
    assert "bills" in doc["tags"], doc["tags"]


async def _regenerate(client: httpx.AsyncClient, user: User, doc_id: str, **extra: object) -> None:
    response = await client.post(
        "/api/document/metadata", headers=user.headers, json={"document_id": doc_id, **extra}
    )
    assert [e for e, _ in parse_sse(response.text)][-1] == "complete", response.text


async def test_a_persons_facts_are_kept_by_every_regenerate(client, user):
    doc = await _invoice(client, user)
    response = await client.patch(
        f"/api/documents/{doc['id']}",
        headers=user.headers,
        json={
            "facts": {
                "correspondent": "Acme Widgets (garden supplies)",
                "total": {"amount": "1200.00", "currency": "EUR"},
                "due_date": None,
            }
        },
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["edited_fields"] == []  # title, tags and summary were not touched
    facts = edited["facts"]
    assert facts["correspondent"] == {
        "value": "Acme Widgets (garden supplies)",
        "page": None,
        "quote": None,
        "confidence": 1.0,
        "source": "person",
        "note": None,
    }
    assert facts["total"]["value"] == {"amount": "1200.00", "currency": "EUR"}
    assert facts["due_date"] is None  # removed by the person
    assert facts["document_date"]["source"] == "local"  # the others stay as generated

    # Neither Regenerate nor "replace my edits" brings back what the person changed.
    for extra in ({}, {"replace_edited": True}):
        await _regenerate(client, user, doc["id"], **extra)
        again = (await client.get(f"/api/documents/{doc['id']}", headers=user.headers)).json()
        assert again["facts"]["correspondent"]["value"] == "Acme Widgets (garden supplies)"
        assert again["facts"]["correspondent"]["source"] == "person"
        assert again["facts"]["total"]["value"] == {"amount": "1200.00", "currency": "EUR"}
        assert again["facts"]["due_date"] is None
        assert again["facts"]["document_date"]["value"] == "2026-03-14"


async def test_a_fact_of_the_wrong_shape_is_refused_in_words(client, user):
    doc = await _invoice(client, user)
    for bad, words in (
        ({"document_date": "14/03/2026"}, "such as 2026-03-14"),
        ({"document_type": "spaceship"}, "must be one of"),
        ({"total": {"amount": "lots", "currency": "EUR"}}, "amount and a currency"),
        ({"correspondent": "   "}, "must not be blank"),
        ({"colour": "red"}, ""),
    ):
        r = await client.patch(
            f"/api/documents/{doc['id']}", headers=user.headers, json={"facts": bad}
        )
        assert r.status_code in (400, 422), (bad, r.text)
        assert words in r.text, (bad, r.text)
    after = (await client.get(f"/api/documents/{doc['id']}", headers=user.headers)).json()
    assert after["facts"] == doc["facts"]


async def test_the_list_and_the_export_filter_by_type_and_sender(client, user):
    doc = await _invoice(client, user)
    other = await upload(
        client,
        user,
        files.text_pdf([["Garden Club Newsletter", "The spring show is on Saturday."]]),
        "news.pdf",
    )
    await wait_for(client, user, other.json()["document_id"])

    async def ids(**params: str) -> list[str]:
        r = await client.get("/api/documents", headers=user.headers, params=params)
        assert r.status_code == 200, r.text
        return [d["id"] for d in r.json()["documents"]]

    assert len(await ids()) == 2
    assert await ids(type="invoice") == [doc["id"]]
    assert await ids(type="payslip") == []
    assert await ids(correspondent="acme widgets LTD") == [doc["id"]]
    assert await ids(correspondent="ACME") == []  # the whole sender, not a part of it
    assert await ids(type="invoice", q="widgets") == [doc["id"]]
    bad = await client.get("/api/documents", headers=user.headers, params={"type": "spaceship"})
    assert bad.status_code == 422
    # The document's own date (14 March 2026), not the day it was uploaded.
    assert await ids(date_from="2026-03-14", date_to="2026-03-14") == [doc["id"]]
    assert await ids(date_from="2026-03-01", date_to="2026-03-31") == [doc["id"]]
    assert await ids(date_from="2026-03-15") == []
    assert await ids(date_to="2026-03-13") == []
    empty = await client.get(
        "/api/documents",
        headers=user.headers,
        params={"date_from": "2026-04-01", "date_to": "2026-03-01"},
    )
    assert empty.status_code == 400 and "date_from" in empty.text

    exported = await client.get(
        "/api/documents/export",
        headers=user.headers,
        params={"format": "json", "type": "invoice", "date_from": "2026-03-14"},
    )
    assert exported.status_code == 200, exported.text
    (row,) = exported.json()["documents"]
    assert row["id"] == doc["id"] and row["language"] == "en"
    assert row["document_type"] == "invoice" and row["correspondent"] == "ACME Widgets Ltd"
    assert row["document_date"] == "2026-03-14" and row["due_date"] == "2026-03-31"
    assert (row["total"], row["currency"]) == ("1234.50", "EUR")
    sheet = await client.get(
        "/api/documents/export", headers=user.headers, params={"correspondent": "acme widgets ltd"}
    )
    lines = sheet.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].endswith(
        "language,document_type,correspondent,document_date,total,currency,reference,due_date"
    )
    assert lines[1].endswith(
        "en,invoice,ACME Widgets Ltd,2026-03-14,1234.50,EUR,INV-2026-117,2026-03-31"
    )

    # A sender a person removed matches no more.
    await client.patch(
        f"/api/documents/{doc['id']}", headers=user.headers, json={"facts": {"correspondent": None}}
    )
    assert await ids(correspondent="ACME Widgets Ltd") == []


async def test_the_list_sorts_by_the_documents_own_date_page_by_page(client, user):
    march = await _invoice(client, user)  # dated 14 March 2026, uploaded first
    older = await upload(
        client,
        user,
        files.text_pdf(
            [
                [
                    "Corner Hardware Co.",
                    "Invoice",
                    "Invoice number: CH-77",
                    "Invoice date: 2 January 2025",
                    "Total due: 12.00 EUR",
                ]
            ]
        ),
        "older.pdf",
    )
    older_doc = await wait_for(client, user, older.json()["document_id"])
    assert older_doc["facts"]["document_date"]["value"] == "2025-01-02"
    undated = await upload(
        client, user, files.text_pdf([["Garden Club Newsletter", "Spring show."]]), "news.pdf"
    )
    undated_doc = await wait_for(client, user, undated.json()["document_id"])
    assert undated_doc["facts"].get("document_date") is None

    seen: list[str] = []
    params: dict[str, str] = {"sort": "document_date", "limit": "1"}
    while True:
        r = await client.get("/api/documents", headers=user.headers, params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["total"] == 3
        seen += [d["id"] for d in body["documents"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    # The newest document date first, whatever the upload order; the undated one last.
    assert seen == [march["id"], older_doc["id"], undated_doc["id"]]
    newest = await client.get("/api/documents", headers=user.headers, params={"sort": "newest"})
    assert [d["id"] for d in newest.json()["documents"]] == [
        undated_doc["id"],
        older_doc["id"],
        march["id"],
    ]
    with_query = await client.get(
        "/api/documents",
        headers=user.headers,
        params={"q": "invoice", "sort": "document_date"},
    )
    assert [d["id"] for d in with_query.json()["documents"]] == [march["id"], older_doc["id"]]
    exported = await client.get(
        "/api/documents/export",
        headers=user.headers,
        params={"format": "json", "sort": "document_date"},
    )
    assert [row["id"] for row in exported.json()["documents"]] == seen


BILL = [
    "STADTWERKE LINDENAU",
    "Kundenservice: Postfach 12 34, 04177 Leipzig",
    "Müller Haustechnik GmbH",
    "Gartenweg 3",
    "04179 Leipzig",
    "Rechnung",
    "Rechnungsnummer: 2026-0042",
    "Rechnungsdatum: 03.02.2026",
    "Strom Januar 2026",
    "Gesamtbetrag: 84,20 EUR",
]


async def test_a_sender_the_person_set_names_the_next_document_from_them(client, user, other_user):
    """The rules read the customer's company on this bill; the person corrects the sender and
    the type once, and the next month's bill is read right, filed the same way."""
    first = await upload(client, user, files.text_pdf([BILL]), "strom-januar.pdf")
    doc = await wait_for(client, user, first.json()["document_id"])
    assert doc["facts"]["correspondent"]["value"] == "Müller Haustechnik GmbH"
    patched = await client.patch(
        f"/api/documents/{doc['id']}",
        headers=user.headers,
        json={"facts": {"correspondent": "Stadtwerke Lindenau", "document_type": "invoice"}},
    )
    assert patched.status_code == 200, patched.text

    february = [line.replace("Januar", "Februar").replace("0042", "0057") for line in BILL]
    second = await upload(client, user, files.text_pdf([february]), "strom-februar.pdf")
    doc = await wait_for(client, user, second.json()["document_id"])
    sender = doc["facts"]["correspondent"]
    assert sender["value"] == "Stadtwerke Lindenau"
    assert (sender["source"], sender["page"], sender["quote"]) == (
        "local",
        1,
        "STADTWERKE LINDENAU",
    )
    assert doc["facts"]["reference"]["value"] == "2026-0057"
    assert "Stadtwerke Lindenau" in doc["display_name"]

    # the customer's company the rules took is, after the person's correction, not taken for
    # the sender of another company's bill addressed to it
    hedge = [line.replace("STADTWERKE LINDENAU", "GARTENBAU KLEE") for line in february]
    third = await upload(client, user, files.text_pdf([hedge]), "hecke.pdf")
    doc = await wait_for(client, user, third.json()["document_id"])
    assert doc["facts"]["correspondent"]["value"] == "GARTENBAU KLEE"

    # another user's corrections are never this user's senders
    other = await upload(client, other_user, files.text_pdf([february]), "strom.pdf")
    theirs = await wait_for(client, other_user, other.json()["document_id"])
    assert theirs["facts"]["correspondent"]["value"] == "Müller Haustechnik GmbH"


async def test_an_e_invoices_attached_data_gives_its_facts(client, user):
    """A PDF carrying its invoice as XML (Factur-X, ZUGFeRD): through the real pipeline, the
    facts the XML states and the page prints are stored with the page's line as quote; a
    value the page does not print is read by the rules as for any PDF."""
    # the XML's invoice number is not printed on the page: the rules' reading stays
    pdf = with_attachment(PRINTED, "factur-x.xml", cii(number="NOT-ON-THE-PAGE-1"))
    response = await upload(client, user, pdf, "rechnung.pdf")
    assert response.status_code == 202, response.text
    doc = await wait_for(client, user, response.json()["document_id"])
    assert doc["metadata_status"] == "complete", doc
    facts = doc["facts"]
    assert facts["correspondent"]["value"] == "Bei Spiel GmbH"
    assert facts["total"]["value"] == {"amount": "571.04", "currency": "EUR"}
    assert facts["total"]["quote"] == "Gesamtbetrag: 571,04 €"
    assert facts["due_date"]["value"] == "2017-05-30"
    assert facts["document_date"]["value"] == "2017-05-09"
    for name in ("correspondent", "total", "due_date", "document_date"):
        assert facts[name]["confidence"] == 0.95, name  # the XML's, not a rule's
        assert facts[name]["note"] == "Stated in the e-invoice data attached to this PDF"
        assert facts[name]["source"] == "local" and facts[name]["page"] == 1
    assert facts["reference"]["value"] == "RE-20170509/505"
    assert facts["reference"]["confidence"] < 0.95  # read by the rules
    assert facts["reference"].get("note") is None
