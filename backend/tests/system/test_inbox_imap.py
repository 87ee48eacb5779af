"""The e-mail channel with the real API process and a real IMAP server (Dovecot, started by the
test on loopback) holding real MIME messages: multipart with text, HTML and an inline picture,
encoded file names, a 20 MB attachment, a message without a usable attachment; and the API
killed between the documents' commit and the message's move."""

from __future__ import annotations

import email.header
import email.utils
import imaplib
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from tests import files
from tests.conftest import free_port, traversable_tmpdir
from tests.fakes.dovecot import Dovecot
from tests.system.apiprocess import ApiProcess, remove_data_dir
from tests.waiting import wait_until

DONE = "Filed"


@pytest.fixture
def data_dir() -> Iterator[Path]:
    path = traversable_tmpdir("docstream-imap-")
    yield path
    remove_data_dir(path)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with Dovecot() as server:
        yield server


def _message(
    subject: str, attachments: list[tuple[str, bytes, str]], inline_png: bool = True
) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = email.utils.formataddr(("Jürgen Müller", "juergen@stadtwerke.example"))
    msg["To"] = "scanner@example.com"
    msg["Date"] = email.utils.format_datetime(email.utils.localtime())
    msg["Message-ID"] = email.utils.make_msgid(domain="stadtwerke.example")
    msg.set_content("Please find the documents attached.\n")
    html = '<p>Please find the documents attached.</p><img src="cid:logo">'
    msg.add_alternative(html, subtype="html")
    if inline_png:
        # A logo inside the HTML body: a picture of the message, not a document.
        msg.get_payload()[1].add_related(
            files.scan_image(["LOGO"], "PNG", (200, 80)),
            "image",
            "png",
            cid="<logo>",
            filename="logo.png",
            disposition="inline",
        )
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def _append(server: Dovecot, raw: bytes, folder: str = "INBOX") -> None:
    conn = server.client()
    try:
        typ, data = conn.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        assert typ == "OK", data
    finally:
        conn.logout()


def _folder(server: Dovecot, folder: str) -> list[tuple[str, bool]]:
    """(subject, seen) of every message in `folder`."""
    conn = server.client()
    try:
        typ, _ = conn.select(f'"{folder}"', readonly=True)
        if typ != "OK":
            return []
        _, found = conn.uid("SEARCH", "ALL")
        out = []
        for uid in (found[0] or b"").split():
            _, data = conn.uid("FETCH", uid, "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            raw = data[0][1].decode().split(":", 1)[1].strip()
            header = str(email.header.make_header(email.header.decode_header(raw)))
            out.append((header, b"\\Seen" in data[0][0]))
        return out
    finally:
        conn.logout()


def _api(data_dir: Path, dovecot: Dovecot, owner: str, dsn: str) -> ApiProcess:
    return ApiProcess(
        data_dir,
        free_port(),
        DATABASE_URL=dsn,
        IMAP_URL=dovecot.url,
        IMAP_OWNER=owner,
        IMAP_POLL_S="0.5",
        IMAP_DONE_FOLDER=DONE,
        MAX_UPLOAD_MB="25",
    )


class Owner:
    def __init__(self, api: ApiProcess, email_: str) -> None:
        self.api = api
        token = httpx.post(f"{api.url}/api/auth/local-token", json={"email": email_}).json()
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}

    def documents(self) -> list[dict]:
        response = httpx.get(f"{self.api.url}/api/documents?limit=200", headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()["documents"]

    def detail(self, document_id: str) -> dict:
        response = httpx.get(f"{self.api.url}/api/documents/{document_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()


def test_attachments_become_documents_with_their_message_and_the_message_moves(
    data_dir, dovecot, pg_dsn
):
    owner_email = f"mail-{uuid.uuid4().hex[:8]}@example.com"
    api = _api(data_dir, dovecot, owner_email, pg_dsn)
    api.start()
    try:
        owner = Owner(api, owner_email)
        _append(
            dovecot,
            _message(
                "Ihre Rechnungen März",
                [
                    ("Rechnung März 2026.pdf", files.bill_pdf(), "application/pdf"),
                    (
                        "Übersicht.pdf",
                        files.text_pdf([["Jahresübersicht", "Strom 2026"]]),
                        "application/pdf",
                    ),
                    ("notes.txt", b"not a document", "text/plain"),
                ],
            ),
        )
        _append(dovecot, _message("Just saying hello", [], inline_png=True))
        big = files.text_pdf([["Large scan"]]) + b"\n%" + b"z" * (20 * 1024 * 1024) + b"\n"
        _append(dovecot, _message("The big one", [("gross.pdf", big, "application/pdf")]))

        docs = wait_until(
            lambda: (
                (d := owner.documents())
                and len(d) >= 3
                and any(x["filename"] == "gross.pdf" for x in d)
                and d
            ),
            120,
            lambda: f"three documents from the mail: {owner.documents()}",
        )
        wait_until(
            lambda: len(_folder(dovecot, DONE)) == 2, 60, lambda: f"moved: {_folder(dovecot, DONE)}"
        )
        assert sorted(d["filename"] for d in docs) == [
            "Rechnung März 2026.pdf",
            "gross.pdf",
            "Übersicht.pdf",
        ]
        assert {d["file_size_bytes"] for d in docs if d["filename"] == "gross.pdf"} == {len(big)}
        bill = next(d for d in docs if d["filename"] == "Rechnung März 2026.pdf")
        source = owner.detail(bill["id"])["source"]
        assert source["subject"] == "Ihre Rechnungen März"
        assert source["sender_name"] == "Jürgen Müller"
        assert source["sender_address"] == "juergen@stadtwerke.example"
        assert source["sent_at"] is not None
        # Moved only the handled ones; the message without a document stays, unread.
        assert sorted(s for s, _ in _folder(dovecot, DONE)) == [
            "Ihre Rechnungen März",
            "The big one",
        ]
        assert _folder(dovecot, "INBOX") == [("Just saying hello", False)]
        # Logged once, however many polls saw it: a later message is handled (so later polls
        # ran), and the line is still there once.
        wait_until(lambda: "Just saying hello" in api.log_text(), 30, "the message is logged")
        _append(dovecot, _message("Later", [("later.pdf", files.bill_pdf(), "application/pdf")]))
        wait_until(lambda: len(_folder(dovecot, DONE)) == 3, 60, "the later message is moved")
        assert api.log_text().count("Just saying hello") == 1
        assert _folder(dovecot, "INBOX") == [("Just saying hello", False)]
        assert len(owner.documents()) == 4
    finally:
        api.stop()


def test_killed_between_the_commit_and_the_move_makes_no_duplicate(data_dir, dovecot, pg_dsn):
    owner_email = f"crash-{uuid.uuid4().hex[:8]}@example.com"
    api = _api(data_dir, dovecot, owner_email, pg_dsn)
    api.start()
    try:
        owner = Owner(api, owner_email)
        # The done folder is gone (made at start, deleted since): the documents are committed
        # and the move fails, poll after poll; the API is killed there.
        wait_until(lambda: DONE in str(dovecot.client().list()[1]), 30, "the done folder is made")
        conn = dovecot.client()
        assert conn.delete(DONE)[0] == "OK"
        conn.logout()
        _append(
            dovecot,
            _message(
                "Two statements",
                [
                    ("statement-1.pdf", files.text_pdf([["Statement one"]]), "application/pdf"),
                    ("statement-2.pdf", files.text_pdf([["Statement two"]]), "application/pdf"),
                ],
            ),
        )
        wait_until(lambda: len(owner.documents()) == 2, 60, "both documents committed")
        wait_until(
            lambda: "could not be moved" in api.log_text() or "cannot be read" in api.log_text(),
            30,
            "the move failed",
        )
        assert _folder(dovecot, "INBOX") == [("Two statements", False)]
        api.kill()

        api.start()  # makes the done folder again, finds the receipts and moves the message
        wait_until(
            lambda: _folder(dovecot, DONE) == [("Two statements", False)],
            60,
            lambda: f"moved after the restart: {_folder(dovecot, DONE)}",
        )
        assert sorted(d["filename"] for d in owner.documents()) == [
            "statement-1.pdf",
            "statement-2.pdf",
        ]
        assert _folder(dovecot, "INBOX") == []
    finally:
        api.stop()
