"""One e-mail message as the e-mail channel sees it: who sent it, when, about what, and the
attached files that may become documents. Parsed with the standard library's `email` package
(its `default` policy decodes RFC 2047 and RFC 2231 file names and transfer encodings).

Which parts count as attached files: a part marked `attachment`, or any part with a file name
that is not an inline picture of the message's own HTML (those carry a `Content-ID` and
are logos and signatures, not documents). Whether a file is a document the upload decides
(its bytes are sniffed like any upload's).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import dataclass, field
from email.message import EmailMessage

from app.domain import DocumentSource, InboundChannel
from app.ingest import sniff_mime_type

MAX_HEADER = 300


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes


@dataclass
class MailMessage:
    source: DocumentSource
    attachments: list[Attachment] = field(default_factory=list)  # of accepted types
    ignored: list[str] = field(default_factory=list)  # names of files that are not documents


def _clip(value: str | None, limit: int = MAX_HEADER) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split()).replace("\x00", "")
    return value[:limit] or None


def _leaves(part: EmailMessage, related: bool = False) -> list[tuple[EmailMessage, bool]]:
    """The message's non-multipart parts, each with whether it sits in a multipart/related
    (the HTML body and the pictures it shows)."""
    if not part.is_multipart():
        return [(part, related)]
    inside = related or part.get_content_type() == "multipart/related"
    found: list[tuple[EmailMessage, bool]] = []
    for child in part.iter_parts():
        assert isinstance(child, EmailMessage)
        found.extend(_leaves(child, inside))
    return found


def parse_message(raw: bytes) -> MailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    name, address = email.utils.parseaddr(str(msg.get("From", "")))
    try:
        sent_at = email.utils.parsedate_to_datetime(str(msg["Date"])) if msg["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = None  # a date without a zone is no point in time
    source = DocumentSource(
        channel=InboundChannel.IMAP,
        subject=_clip(msg.get("Subject")),
        sender_name=_clip(name),
        sender_address=_clip(address, 320),
        sent_at=sent_at,
        message_id=_clip(msg.get("Message-ID"), 1000),
    )
    parsed = MailMessage(source)
    for n, (part, related) in enumerate(_leaves(msg)):
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if disposition != "attachment" and filename is None:
            continue  # the body
        if part.get("Content-ID") and (related or disposition != "attachment"):
            continue  # a picture inside the HTML body
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            continue
        name_ = _clip(filename, 255) or f"attachment-{n}"
        if sniff_mime_type(data[:2048]) is None:
            parsed.ignored.append(name_)
            continue
        parsed.attachments.append(Attachment(name_, data))
    return parsed
