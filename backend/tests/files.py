"""Test documents, generated on the fly: small, exact, and nothing binary in the repository.

Every generated file carries a unique comment (PDF) or text chunk (PNG), so two calls never give
the same bytes: the API treats a user's second upload of identical bytes as a duplicate (no
second OCR), and most tests want each upload processed. A test about duplicates uploads one
`content` twice.
"""

from __future__ import annotations

import io
import uuid

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(contents: list[str]) -> bytes:
    """A valid PDF whose pages draw `contents` (one content stream each) in Helvetica."""
    objects: list[str] = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for content in contents:
        page_no = len(objects) + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_no + 1} 0 R "
            "/Resources << /Font << /F1 %d 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        kids.append(page_no)
    font_no = len(objects) + 1
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects = [o % font_no if "%d" in o else o for o in objects]
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    )
    out = bytearray(_pdf_header())
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with a real text layer (Helvetica), one list of lines per page."""
    return _pdf(
        [
            "BT /F1 14 Tf 72 720 Td 18 TL " + " ".join(f"({_escape(ln)}) '" for ln in lines) + " ET"
            for lines in pages
        ]
    )


def styled_pdf(pages: list[list[tuple[int, str]]]) -> bytes:
    """Like `text_pdf`, but each line has its own font size: (size, text), top to bottom."""
    contents = []
    for lines in pages:
        ops, y = ["BT"], 760
        for size, text in lines:
            y -= int(size * 1.8)
            ops.append(f"/F1 {size} Tf 1 0 0 1 72 {y} Tm ({_escape(text)}) Tj")
        contents.append(" ".join([*ops, "ET"]))
    return _pdf(contents)


POLICY_SENTENCE = (
    "Books are lent for three weeks and films for one week, and a borrower may "
    "renew a loan twice unless another reader has reserved the book."
)


def policy_pdf() -> bytes:
    """Two pages: a small letterhead line above a big title, a running header, page numbers."""
    return styled_pdf(
        [
            [
                (10, "Riverside Public Library"),
                (24, "Lending Policy"),
                (10, "Adopted 9 January 2026"),
                (11, POLICY_SENTENCE),
                (11, "Any resident of the county may register as a borrower free of charge."),
                (10, "1"),
            ],
            [
                (10, "Riverside Public Library - Lending Policy"),
                (11, POLICY_SENTENCE.replace("Books", "Films")),
                (
                    11,
                    "Lost items are charged at their replacement cost, refunded if they come back.",
                ),
                (10, "2"),
            ],
        ]
    )


BILL_LINES = [
    "City Power Ltd",
    "Electricity Account - Tax Invoice",
    "Statement date: 14 March 2026",
    "Your electricity usage this month was 412 kWh, higher than the same month last year.",
    "The amount due must be paid by 31 March 2026 to avoid disconnection of your supply.",
]


def bill_pdf() -> bytes:
    return text_pdf([BILL_LINES])


def _pdf_header() -> bytes:
    """The header, and a comment line that makes this file's bytes unique."""
    return b"%PDF-1.4\n%" + uuid.uuid4().hex.encode() + b"\n"


def scan_image(lines: list[str], fmt: str = "PNG", size: tuple[int, int] = (1400, 700)) -> bytes:
    """A clean 'scan': black text on white, big enough for Tesseract to read reliably."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 90), line, fill=0, font=font)
    buf = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("nonce", uuid.uuid4().hex)
        image.save(buf, format=fmt, pnginfo=info)
    else:
        image.save(buf, format=fmt)
    return buf.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A PDF whose only page is an image: no text layer, so it must go through Tesseract."""
    image = Image.open(io.BytesIO(scan_image(lines)))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PDF", resolution=150)
    return buf.getvalue() + b"%" + uuid.uuid4().hex.encode() + b"\n"  # unique bytes


# One word a page, none of them on another page: a search for PAGE_WORDS[2] is about page 3.
PAGE_WORDS = [
    "harbour",
    "meadow",
    "lantern",
    "orchard",
    "quarry",
    "saddle",
    "thimble",
    "velvet",
    "walnut",
    "anchor",
    "bramble",
    "cobalt",
    "dolphin",
    "ember",
    "falcon",
    "granite",
    "hazel",
    "island",
    "juniper",
    "kettle",
    "lemon",
    "marble",
    "nectar",
    "oyster",
    "pepper",
    "quilt",
    "raven",
    "sparrow",
    "tulip",
    "umber",
    "violet",
    "willow",
    "yarrow",
    "zephyr",
    "acorn",
    "beacon",
    "cactus",
    "dahlia",
    "eagle",
    "fern",
]


def scanned_pages_pdf(n: int, size: tuple[int, int] = (900, 300)) -> bytes:
    """An image-only PDF of `n` small scanned pages, page i+1 saying PAGE_WORDS[i] (so which
    page a hit is on can be checked), every page read by Tesseract."""
    images = [
        Image.open(
            io.BytesIO(scan_image([f"Page {i + 1}", f"Keyword {PAGE_WORDS[i]}"], size=size))
        ).convert("RGB")
        for i in range(n)
    ]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=150, save_all=True, append_images=images[1:])
    return buf.getvalue() + b"%" + uuid.uuid4().hex.encode() + b"\n"  # unique bytes


def mixed_pages_pdf(kinds: str, title: str | None = None, heading: str | None = None) -> bytes:
    """A PDF whose page i+1 says PAGE_WORDS[i], with a text layer where `kinds[i]` is "t" and
    as a scan (read by Tesseract) where it is "s"; with the document information's `title`,
    and page 1 led by `heading` in a big font (a text page) when given."""
    import pikepdf

    sources = []
    for i, kind in enumerate(kinds):
        words = [f"Page {i + 1} of a long report", f"Keyword {PAGE_WORDS[i]}"]
        if kind == "t":
            lines = [(11, w) for w in words]
            one = styled_pdf([[(24, heading), *lines] if heading and i == 0 else lines])
        else:
            image = Image.open(io.BytesIO(scan_image(words, size=(1200, 300)))).convert("RGB")
            scan = io.BytesIO()
            image.save(scan, format="PDF", resolution=150)
            one = scan.getvalue()
        sources.append(pikepdf.open(io.BytesIO(one)))
    out = pikepdf.new()
    try:
        for src in sources:
            out.pages.append(src.pages[0])
        if title is not None:
            out.docinfo["/Title"] = title
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        for src in sources:
            src.close()
    return buf.getvalue() + b"%" + uuid.uuid4().hex.encode() + b"\n"  # unique bytes


def encrypted_pdf() -> bytes:
    import pikepdf

    src = pikepdf.open(io.BytesIO(bill_pdf()))
    buf = io.BytesIO()
    src.save(buf, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret", R=6))
    return buf.getvalue()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n" + b"\x00garbage, not a PDF body\n" * 40


SCAN_LINES = ["Invoice number 4471", "Acme Widgets Ltd", "Total due: 1,250.00 by 5 April 2026"]


def image_bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes whose header claims a gigantic image (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def nested_xobject_pdf(depth: int = 13, copies: int = 3) -> bytes:
    """A few KB that cost a renderer copies**depth drawing operations: each form XObject draws
    the one below it `copies` times (the 'billion laughs' of PDF)."""
    import pikepdf

    pdf = pikepdf.new()
    leaf = pikepdf.Stream(pdf, b"0 0 1 1 re f")
    leaf.Type, leaf.Subtype, leaf.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 612, 792]
    below = pdf.make_indirect(leaf)
    for _ in range(depth):
        draw = b" ".join(b"q 1 0 0 1 %d 0 cm /X Do Q" % i for i in range(copies))
        form = pikepdf.Stream(pdf, draw)
        form.Type, form.Subtype, form.BBox = (
            pikepdf.Name.XObject,
            pikepdf.Name.Form,
            [0, 0, 612, 792],
        )
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=below))
        below = pdf.make_indirect(form)
    page = pdf.add_blank_page(page_size=(612, 792))
    page.Contents = pdf.make_stream(b"/X Do")
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=below))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def thin_tall_pdf() -> bytes:
    """One page 1 pt wide and 14,400 pt tall: scaled to a thumbnail's width it is 4 GB."""
    out = bytearray(_pdf_header())
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 14400] >>",
    ]
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def multi_frame_tiff(sizes: list[tuple[int, int]]) -> bytes:
    """A little-endian TIFF with one 8-bit grey frame per size. Pixel data is only written for
    frames up to 1 Mpx: a bigger frame's header claims its size over a few bytes of data (what
    matters is that it is refused from the header, before anything is decoded)."""
    import struct

    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    next_ifd_at = 4
    for width, height in sizes:
        data = b"\xff" * (width * height) if width * height <= 1_000_000 else b"\x00" * 64
        data_at = len(out)
        out += data
        if len(out) % 2:
            out += b"\x00"
        ifd_at = len(out)
        struct.pack_into("<I", out, next_ifd_at, ifd_at)
        tags = [
            (256, 4, width),
            (257, 4, height),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            (273, 4, data_at),
            (277, 3, 1),
            (278, 4, height),
            (279, 4, len(data)),
        ]
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHI", tag, kind, 1)
            out += struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        next_ifd_at = len(out)
        out += b"\x00\x00\x00\x00"
    return bytes(out)


def padded_pdf(lines: list[str], size: int) -> bytes:
    """A one-page text PDF of about `size` bytes: the rest is an incompressible stream the
    catalog points at under a private key (a reader never draws it)."""
    import os

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(text_pdf([lines])))
    pdf.Root.DocstreamPadding = pdf.make_indirect(pikepdf.Stream(pdf, os.urandom(size)))
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=False)
    return buf.getvalue()


def repeated_text_pdf(pages: int = 50, draws: int = 200, line_chars: int = 180) -> bytes:
    """A few KB that extract to pages * draws * line_chars characters: each page draws one
    form XObject (a line of text) `draws` times (issue 27's text amplification)."""
    import pikepdf

    pdf = pikepdf.new()
    words = ("invoice total amount paid thanks " * (line_chars // 30 + 1))[:line_chars]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    form = pikepdf.Stream(pdf, f"BT /F1 6 Tf 10 700 Td ({words}) Tj ET".encode())
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 612, 792]
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    line = pdf.make_indirect(form)
    draw = b" ".join(b"q 1 0 0 1 0 -%d cm /X Do Q" % (i % 680) for i in range(draws))
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(612, 792))
        page.Contents = pdf.make_stream(draw)
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=line))
    pdf.Root.DocstreamNonce = pikepdf.String(uuid.uuid4().hex)
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True)
    return buf.getvalue()


def scanned_tiff(lines: list[str], frames: int) -> bytes:
    """A multi-frame TIFF of the same 'scan' `frames` times (deflate: small on the wire, one
    Tesseract read per frame)."""
    return scanned_tiffs(lines, frames, 1)[0]


def scanned_tiffs(lines: list[str], frames: int, count: int) -> list[bytes]:
    """`count` different files (different bytes, so none is a duplicate) of the same
    multi-frame scan, encoded once: each copy only has another nonce in its description tag,
    of the same length, so every offset in the file stays right. Eight 300-frame TIFFs cost
    one encoding instead of eight."""
    frame = Image.open(io.BytesIO(scan_image(lines)))
    nonce = uuid.uuid4().hex
    buf = io.BytesIO()
    frame.save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=[frame] * (frames - 1),
        compression="tiff_deflate",
        description=nonce,
    )
    encoded = buf.getvalue()
    assert nonce.encode() in encoded
    return [encoded.replace(nonce.encode(), uuid.uuid4().hex.encode()) for _ in range(count)]


def deep_page_tree_pdf(depth: int = 5000) -> bytes:
    """One page under `depth` nested /Pages nodes: readers give up past a limit (pdfium at
    1,024 levels) and cannot load the page."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    leaf = pdf.Root.Pages.Kids[0]
    node = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Pages, Kids=pikepdf.Array([leaf]), Count=1)
    )
    leaf.Parent = node
    for _ in range(depth):
        up = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Pages, Kids=pikepdf.Array([node]), Count=1)
        )
        node.Parent = up
        node = up
    pdf.Root.Pages = node
    pdf.Root.DocstreamNonce = pikepdf.String(uuid.uuid4().hex)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()
