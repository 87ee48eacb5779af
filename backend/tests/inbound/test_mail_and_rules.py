"""The inbound channels' pure parts: which mail parts are documents, which folder names are
temporary, how the mailbox URL is read, and the settings that refuse to start half-set."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings
from app.inbound.folder import is_temporary, scan
from app.inbound.imap import parse_imap_url
from app.inbound.mail import parse_message
from tests import files


def _mail() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "=?utf-8?q?Rechnung_M=C3=A4rz?="
    msg["From"] = "=?utf-8?q?J=C3=BCrgen?= <j@example.com>"
    msg["Date"] = "Sat, 14 Mar 2026 09:30:00 +0100"
    msg["Message-ID"] = "<abc@example.com>"
    msg.set_content("Hello")
    msg.add_alternative('<p>Hello</p><img src="cid:logo">', subtype="html")
    msg.get_payload()[1].add_related(
        files.scan_image(["LOGO"], "PNG", (100, 40)), "image", "png", cid="<logo>"
    )
    return msg


def test_attachments_with_encoded_names_are_documents_and_inline_pictures_are_not():
    msg = _mail()
    msg.add_attachment(
        files.bill_pdf(), maintype="application", subtype="pdf", filename="Rechnung März.pdf"
    )
    msg.add_attachment(b"plain words", maintype="text", subtype="plain", filename="notes.txt")
    # A PDF sent as octet-stream with a name in RFC 2231 form: the bytes decide.
    msg.add_attachment(
        files.text_pdf([["Übersicht"]]),
        maintype="application",
        subtype="octet-stream",
        filename=("utf-8", "", "Übersicht 2026.pdf"),
    )
    parsed = parse_message(msg.as_bytes())
    assert [a.filename for a in parsed.attachments] == ["Rechnung März.pdf", "Übersicht 2026.pdf"]
    assert parsed.ignored == ["notes.txt"]
    assert parsed.source.subject == "Rechnung März"
    assert (parsed.source.sender_name, parsed.source.sender_address) == ("Jürgen", "j@example.com")
    assert parsed.source.sent_at == email.utils.parsedate_to_datetime(msg["Date"])
    assert parsed.source.message_id == "<abc@example.com>"


def test_a_message_without_an_attachment_has_nothing_to_keep():
    parsed = parse_message(_mail().as_bytes())
    assert parsed.attachments == [] and parsed.ignored == []


def test_temporary_names_are_never_taken(tmp_path: Path):
    for name in ("~$Report.pdf", ".scan.pdf", "scan.pdf.part", "x.PDF.crdownload", "a.pdf~"):
        assert is_temporary(name), name
    assert not is_temporary("Scan 2026-03-14.pdf")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pdf").write_bytes(b"x")
    (tmp_path / ".done").mkdir()
    (tmp_path / ".done" / "old.pdf").write_bytes(b"x")
    (tmp_path / "b.pdf.part").write_bytes(b"x")
    assert list(scan(tmp_path)) == [tmp_path / "sub" / "a.pdf"]


def test_the_mailbox_url_and_its_password_file(tmp_path: Path):
    a = parse_imap_url("imaps://me%40example.com:p%40ss@mail.example.com/Scans/Inbox")
    assert (a.secure, a.host, a.port, a.user, a.password, a.folder) == (
        True,
        "mail.example.com",
        993,
        "me@example.com",
        "p@ss",
        "Scans/Inbox",
    )
    assert "p@ss" not in repr(a)
    secret = tmp_path / "pw"
    secret.write_text("from-file\n")
    b = parse_imap_url("imap://me@localhost:1143", str(secret))
    assert (b.secure, b.port, b.password, b.folder) == (False, 1143, "from-file", "INBOX")


def test_a_channel_without_an_owner_refuses_to_start(tmp_path: Path):
    with pytest.raises(ValidationError, match="INBOX_OWNER"):
        Settings(_env_file=None, INBOX_DIR=str(tmp_path))  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="IMAP_OWNER"):
        Settings(_env_file=None, IMAP_URL="imaps://u:p@h/INBOX")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="imaps://"):
        Settings(_env_file=None, IMAP_URL="pop3://u:p@h", IMAP_OWNER="a@b.c")  # type: ignore[call-arg]
    assert Settings(_env_file=None, INBOX_DIR="").inbox_path is None  # type: ignore[call-arg]
