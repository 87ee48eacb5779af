"""Each rule of the local metadata engine, as a reader would notice it."""

from __future__ import annotations

import dataclasses

from app.domain import LayoutHints, LayoutLine
from app.metadata.base import DocumentInfo
from app.metadata.local import DETERMINISTIC_NOTE, LocalMetadataGenerator, build_metadata
from app.metadata.local_tags import keyphrases
from app.metadata.local_text import is_fragment, is_toc_line, running_lines
from app.metadata.local_title import title_candidates
from app.metadata.local_vocabulary import is_stop_tag
from eval.metadata.checks import summary_problems

INFO = DocumentInfo(id="d", filename="page_205.pdf", mime_type="application/pdf", page_count=4)
PROSE = (
    "The controller opens each valve in turn so that the water pressure stays high enough "
    "for every sprinkler in the garden. "
)


def manual(pages: int = 4) -> str:
    """A manual whose pages start with a running header and end with a page number."""
    body = [
        "Garden Irrigation Controller\nRevision 3, 12 February 2026\n"
        "This manual explains how to install the irrigation controller and program watering "
        "schedules for lawns, beds and greenhouses.\n" + PROSE + "\n1"
    ]
    for n in range(2, pages + 1):
        body.append(
            f"Chapter {n - 1}: Watering schedules {n}\n"
            + PROSE * 2
            + "\nA watering schedule says which valve opens, on which days, and for how long.\n"
            f"{n}"
        )
    return "\n\n---\n\n".join(body)


def test_a_running_header_with_its_page_number_is_never_the_title():
    text = "\n\n---\n\n".join(f"Chapter 4: Function reference {n}\n" + PROSE for n in range(9, 13))
    name, _, _ = build_metadata(text, INFO)
    assert "Function reference" not in name and not name.rstrip().endswith(("9", "10", "11", "12"))


def test_running_headers_are_found_across_pages():
    pages = manual().split("\n\n---\n\n")
    assert "chapter #: watering schedules #" in running_lines(pages)


def test_the_first_pages_heading_is_the_title_not_a_report_and_date():
    name, _, _ = build_metadata(manual(), INFO)
    assert name == "Garden Irrigation Controller"


def test_page_numbers_and_dates_alone_are_never_titles():
    text = "12\n18 August 2022\nShared Calendar Format\n" + PROSE
    assert build_metadata(text, INFO)[0] == "Shared Calendar Format"


def test_the_most_prominent_line_wins_over_the_first_line():
    layout = LayoutHints.from_json(
        {
            "pdf_title": "draft_v2-final",
            "lines": [
                {"text": "Riverside Public Library", "size": 10, "top": 0.05, "page": 0},
                {"text": "Lending Policy", "size": 24, "top": 0.1, "page": 0},
                {"text": "Adopted 9 January 2026", "size": 10, "top": 0.14, "page": 0},
                {"text": "Books are lent for three weeks.", "size": 11, "top": 0.2, "page": 0},
            ],
        }
    )
    text = "Riverside Public Library\nLending Policy\nAdopted 9 January 2026\n" + PROSE
    assert title_candidates(text, set(), layout)[0] == "Lending Policy"
    assert build_metadata(text, INFO, layout)[0] == "Lending Policy"


def test_a_meaningful_pdf_title_is_used():
    layout = LayoutHints(pdf_title="Annual Water Quality Report")
    assert (
        build_metadata("Annual Water Quality Report\n" + PROSE, INFO, layout)[0]
        == "Annual Water Quality Report"
    )


def test_table_of_contents_lines_are_recognised():
    assert is_toc_line("4.2 ASN.1 field functions ........ 12")
    assert is_toc_line("0… c eee cece eee eee 8 4.2 ASN.1 field functions ………")
    assert is_toc_line("2.1 Seasonal adjustment 4")
    assert not is_toc_line("The controller supports eight zones.")


def test_a_type_prefix_needs_evidence():
    # A manual that mentions an introduction is not a "Report"; a letter needs a closing.
    name, tags, _ = build_metadata("User Guide\nIntroduction\n" + PROSE * 3, INFO)
    assert name == "User Guide" and "report" not in tags
    name, _, _ = build_metadata("Dear Ms Porter,\n" + PROSE + "\nYours sincerely,\nAmir Shah", INFO)
    assert name.startswith("Letter")
    # Only mentioning a receipt is not one; a receipt number and a total are.
    assert not build_metadata("Gardening Notes\nKeep the receipt.\n" + PROSE, INFO)[0].startswith(
        "Receipt"
    )
    receipt = (
        "Receipt\nCorner Hardware Co.\nReceipt number 55120, 6 February 2026\nTotal: 37.49 EUR\n"
    )
    assert build_metadata(receipt, INFO)[0] == "Receipt – Corner Hardware Co. – 6 Feb 2026"


def test_summaries_have_no_filler_no_fragments_and_no_repeats():
    api = (
        "Returns: ASN1_SUCCESS if DER encoding OK, ASN1_ELEMENT_NOT_FOUND if name is not a "
        "valid element.\n"
    )
    toc = "0… c eee cece eee eee 8 4.2 ASN.1 field functions ………\n"
    text = "Libtasn1 Manual\n" + toc + api * 2 + manual()
    _, _, summary = build_metadata(text, INFO)
    assert summary_problems(summary) == [], summary
    assert "Returns" not in summary and "eee" not in summary and "…" not in summary
    assert not summary.startswith("A document")


def test_fragments_are_refused():
    assert is_fragment("Returns: ASN1_SUCCESS if DER encoding OK, or an error code otherwise.")
    assert is_fragment("int asn1_der_coding (asn1_node element, const char * name);")
    assert is_fragment("See also the following functions and their many parameters.")
    assert not is_fragment(PROSE.strip())


def test_tags_have_no_stopwords_numbers_code_or_ocr_junk():
    lines = [
        "eee cece eee nee len int usr 2022 way given",
        "size_t asn1_der_coding x y",
        "The irrigation controller waters the garden beds.",
        "Each irrigation controller zone has a valve; the valve opens on schedule.",
        "The garden beds get water from the irrigation controller.",
    ] * 3
    tags = keyphrases(lines, "Irrigation Controller Manual")
    assert tags and "irrigation controller" in tags
    junk = {"eee", "cece", "nee", "len", "int", "usr", "2022", "way", "given", "x", "y", "size_t"}
    assert not junk & {w for t in tags for w in t.split()}, tags
    assert all(t == t.lower() for t in tags) and len(tags) == len(set(tags))


def test_the_pdfium_hyphenation_mark_never_reaches_metadata():
    name, tags, summary = build_metadata(
        "Structure Manual\n" + "The ELE\x02MENT manip\x02ulation "
        "of every structure is explained in this manual in detail. " * 3,
        INFO,
    )
    assert "\x02" not in name + summary + "".join(tags)


async def test_local_generation_reads_layout_and_a_regenerate_gives_the_same_best_result():
    class Tools:
        saved = None

        async def read_ocr(self, page=None):
            return "Riverside Public Library\nLending Policy\n" + PROSE

        async def read_layout(self):
            return LayoutHints(
                lines=(
                    LayoutLine("Riverside Public Library", 10, 0.05),
                    LayoutLine("Lending Policy", 24, 0.1),
                    LayoutLine(PROSE.strip(), 10, 0.2),
                )
            )

        async def save_metadata(self, display_name, tags, summary, **_):
            self.saved = (display_name, tags, summary)

    tools = Tools()
    events = [e async for e in LocalMetadataGenerator().run(INFO, tools)]
    assert [e.tool for e in events if e.type == "tool"] == [
        "read_ocr",
        "read_layout",
        "save_metadata",
    ]
    assert not any(e.type == "status" and e.message == DETERMINISTIC_NOTE for e in events)
    assert tools.saved[0] == "Lending Policy"
    first = tools.saved
    # Regenerate (a later run) is honest: the same text gives the same, best, metadata (never
    # a worse "next-best" variant), and it says so in words for people.
    again = [
        e async for e in LocalMetadataGenerator().run(dataclasses.replace(INFO, variant=1), tools)
    ]
    assert tools.saved == first
    notes = [e.message for e in again if e.type == "status"]
    assert DETERMINISTIC_NOTE in notes
    assert not any("_" in n or "=" in n or "next-best" in n for n in notes)


def test_no_tag_is_a_stop_word_of_another_main_language_when_the_language_was_taken_wrong():
    """A short French text taken for English: "dont" and "car" are French stop words, so they
    are never tags, whatever language the document was identified as."""
    lines = [
        "Facture dont le montant car irrigation controller",
        "Dont irrigation controller car dont car",
    ] * 4
    tags = keyphrases(lines, "Irrigation Controller", language="en")
    words = {w for t in tags for w in t.split()}
    assert tags and not {"dont", "car"} & words, tags
    assert is_stop_tag("dont", "en") and is_stop_tag("car", "de")
