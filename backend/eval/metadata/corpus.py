"""The evaluation corpus: documents written for this project (MIT, like the repository), in the
shapes people upload — a product manual with a table of contents and running headers, a
specification whose header repeats its title, a policy, minutes, a letter, an invoice, a
receipt, a permit application form — each with the title and keywords a person would expect.

Each document is a list of pages; a page is a list of blocks ("h1", "h2", "p", "li", "toc",
"small"). `render.py` prints them to PDF with Chromium (real fonts, a real text layer) with a
running header and a page-number footer, and scans them at 200 dpi.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Block = tuple[str, str]


@dataclass
class Doc:
    slug: str
    title: str  # the reference title
    keywords: list[str]
    pages: list[list[Block]]
    header: str = ""  # running header on every page but the first ("" = none)
    footer_numbers: bool = True
    expect_no_text: bool = False
    notes: str = ""
    extra_css: str = field(default="")


P = "p"
MANUAL = Doc(
    slug="gic200-manual",
    title="GIC-200 Garden Irrigation Controller User Manual",
    keywords=["irrigation", "controller", "watering", "schedule", "valve"],
    header="GIC-200 User Manual — Chapter {chapter}",
    pages=[
        [
            ("h1", "GIC-200 Garden Irrigation Controller User Manual"),
            ("small", "Revision 3, 12 February 2026"),
            (
                P,
                (
                    "This manual explains how to install the GIC-200 irrigation controller, connect its "
                    "valves, and program watering schedules for lawns, beds and greenhouses."
                ),
            ),
            (P, "Read the safety instructions before you connect the controller to mains power."),
        ],
        [
            ("h2", "Contents"),
            ("toc", "1 Installation ........................................ 3"),
            ("toc", "1.1 Mounting the controller .......................... 3"),
            ("toc", "2 Watering schedules .................................. 4"),
            ("toc", "2.1 Seasonal adjustment ............................... 4"),
            ("toc", "3 Troubleshooting ..................................... 5"),
        ],
        [
            ("h2", "1 Installation"),
            (
                P,
                (
                    "Mount the irrigation controller on a wall near a power outlet, out of direct rain. "
                    "Each valve wire goes to one numbered zone terminal, and the common wire goes to the "
                    "terminal marked C. The controller supports up to eight valve zones."
                ),
            ),
            (
                P,
                (
                    "After wiring, switch the controller on and set the clock. The controller keeps its "
                    "watering schedule in memory during a power cut."
                ),
            ),
            ("h2", "1.1 Mounting the controller"),
            (
                P,
                (
                    "Use the two screws supplied and check that the controller hangs level before you "
                    "connect any valve wire."
                ),
            ),
        ],
        [
            ("h2", "2 Watering schedules"),
            (
                P,
                (
                    "A watering schedule says which valve opens, on which days, and for how long. Program "
                    "a schedule for each zone with the dial, then press Save. The controller runs every "
                    "schedule in turn, so two valves never open at once and the water pressure stays "
                    "high enough for the sprinklers."
                ),
            ),
            ("h2", "2.1 Seasonal adjustment"),
            (
                P,
                (
                    "Seasonal adjustment shortens or lengthens every watering schedule by a percentage, "
                    "so you can water less in spring and more in a summer heat wave without reprogramming."
                ),
            ),
        ],
        [
            ("h2", "3 Troubleshooting"),
            (
                P,
                (
                    "If a valve does not open, check its wire at the zone terminal and test the valve "
                    "with the manual watering button. A blinking display means the controller lost its "
                    "clock during a long power cut; set the clock again and the schedules resume."
                ),
            ),
            (P, "Contact your installer if the controller shows the error code E2 after a reset."),
        ],
    ],
)

SPEC = Doc(
    slug="calendar-spec",
    title="Plain Calendar Exchange Format",
    keywords=["calendar", "event", "format", "specification", "exchange"],
    header="Plain Calendar Exchange Format",
    pages=[
        [
            ("h1", "Plain Calendar Exchange Format"),
            ("small", "Open Calendar Working Group"),
            ("small", "Version 1.4, 3 October 2025"),
            ("h2", "1. Introduction"),
            (
                P,
                (
                    "This specification defines a plain text format for exchanging calendar events "
                    "between applications. A calendar file lists events, each with a start time, an end "
                    "time, a title and an optional location."
                ),
            ),
            (
                P,
                (
                    "The format is designed to be easy to read and to write by hand, and to round-trip "
                    "through every conforming calendar application without loss."
                ),
            ),
        ],
        [
            ("h2", "2. File structure"),
            (
                P,
                (
                    "A calendar file is UTF-8 text. Each event starts with a line holding the word EVENT "
                    "and ends with a blank line. Fields inside an event are written as a name, a colon "
                    "and a value."
                ),
            ),
            (
                P,
                (
                    "Applications must ignore fields they do not understand, so that newer versions of "
                    "the exchange format stay readable by older calendar applications."
                ),
            ),
            ("h2", "3. Recurring events"),
            (
                P,
                (
                    "A recurring event carries a rule that says how often the event repeats. Exceptions "
                    "to the rule are listed as dates on which the event does not take place."
                ),
            ),
        ],
        [
            ("h2", "4. Conformance"),
            (
                P,
                (
                    "A conforming writer produces files that follow this specification exactly. A "
                    "conforming reader accepts every valid calendar file and reports the line of the "
                    "first error in an invalid one."
                ),
            ),
            (
                P,
                (
                    "Time zones are written as names from the IANA time zone database, so an event "
                    "keeps its local time when the calendar is exchanged across regions."
                ),
            ),
        ],
    ],
)

POLICY = Doc(
    slug="library-lending-policy",
    title="Lending Policy",
    keywords=["library", "loans", "borrowers", "renewals", "fines"],
    header="Riverside Public Library",
    pages=[
        [
            ("small", "Riverside Public Library"),
            ("h1", "Lending Policy"),
            ("small", "Adopted by the Library Board, 9 January 2026"),
            (
                P,
                (
                    "This policy sets out who may borrow from Riverside Public Library, how many items "
                    "each borrower may take home, and how long loans last."
                ),
            ),
            (
                P,
                (
                    "Any resident of the county may register as a borrower free of charge. Children under "
                    "twelve register with a parent or guardian, who is responsible for their loans."
                ),
            ),
            (
                P,
                (
                    "Books are lent for three weeks and films for one week. A borrower may hold up to "
                    "twenty loans at a time."
                ),
            ),
        ],
        [
            ("h2", "Renewals and overdue items"),
            (
                P,
                (
                    "Loans may be renewed twice, online or at the desk, unless another borrower has "
                    "reserved the item. The library no longer charges fines for overdue books; instead, "
                    "borrowing stops until overdue items are returned."
                ),
            ),
            (
                P,
                (
                    "Lost or damaged items are charged at their replacement cost. The library refunds the "
                    "charge if a lost item is returned in good condition within six months."
                ),
            ),
        ],
    ],
)

MINUTES = Doc(
    slug="parish-minutes",
    title="Minutes of the Ashby Parish Council Meeting",
    keywords=["parish council", "meeting", "playground", "budget"],
    footer_numbers=False,
    pages=[
        [
            ("h1", "Minutes of the Ashby Parish Council Meeting"),
            ("small", "Held at the Village Hall on 4 March 2026 at 7.30 pm"),
            (P, "Present: six councillors, the clerk and four members of the public."),
            ("h2", "Playground repairs"),
            (
                P,
                (
                    "The council reviewed three quotes for repairing the playground fence and the swings. "
                    "Councillors agreed to accept the lowest quote and to close the playground for two "
                    "days while the work is done."
                ),
            ),
            ("h2", "Budget for 2026"),
            (
                P,
                (
                    "The clerk presented the draft budget for the coming year. The council approved the "
                    "budget, which keeps the parish precept unchanged and sets aside money for new "
                    "benches on the green."
                ),
            ),
            (P, "The next parish council meeting will be held on 1 April 2026."),
        ],
    ],
)

LETTER = Doc(
    slug="council-letter",
    title="Letter – Westfield Borough Council – 17 Mar 2026",
    keywords=["planning application", "garden room", "letter", "council"],
    footer_numbers=False,
    pages=[
        [
            ("small", "Westfield Borough Council"),
            ("small", "Planning Department, Town Hall, Westfield"),
            ("small", "17 March 2026"),
            ("small", "Ms Jane Porter, 12 Orchard Lane, Westfield"),
            ("small", "Re: Your planning application for a garden room"),
            (P, "Dear Ms Porter,"),
            (
                P,
                (
                    "Thank you for your planning application for a garden room at 12 Orchard Lane. We "
                    "have checked the drawings you sent and the application is now valid."
                ),
            ),
            (
                P,
                (
                    "Neighbours will be consulted for 21 days, and we expect to decide the planning "
                    "application by 28 April 2026. You can follow its progress on the council website."
                ),
            ),
            (P, "Yours sincerely,"),
            ("small", "Amir Shah, Planning Officer"),
        ],
    ],
)

INVOICE = Doc(
    slug="northwind-invoice",
    title="Invoice – Northwind Traders Ltd – 18 Mar 2026",
    keywords=["invoice", "finance", "northwind traders ltd"],
    footer_numbers=False,
    pages=[
        [
            ("h1", "INVOICE"),
            ("small", "Northwind Traders Ltd, 4 Harbour Road, Portsmouth"),
            ("small", "Invoice number: NW-2026-0318"),
            ("small", "Invoice date: 18 March 2026"),
            ("small", "Bill to: Greenfield Bakery, 21 Mill Street"),
            ("li", "Flour, 25 kg sacks x 12 — 216.00 GBP"),
            ("li", "Delivery — 35.00 GBP"),
            ("small", "Subtotal: 251.00 GBP"),
            ("small", "VAT 20%: 50.20 GBP"),
            ("small", "Total due: 301.20 GBP"),
            ("small", "Payment due by 17 April 2026"),
            (P, "Please pay by bank transfer and quote the invoice number as the reference."),
        ],
    ],
)

RECEIPT = Doc(
    slug="hardware-receipt",
    title="Receipt – Corner Hardware Co. – 6 Feb 2026",
    keywords=["receipt", "purchase"],
    footer_numbers=False,
    pages=[
        [
            ("h1", "Receipt"),
            ("small", "Corner Hardware Co."),
            ("small", "Receipt number 55120, 6 February 2026, 14:12"),
            ("li", "Garden hose 25 m — 29.99"),
            ("li", "Hose connector set — 7.50"),
            ("small", "Total: 37.49 EUR"),
            ("small", "Amount paid by card: 37.49 EUR"),
            ("small", "Thank you for shopping with us"),
        ],
    ],
)

FORM = Doc(
    slug="parking-permit-form",
    title="Application for a Residential Parking Permit",
    keywords=["parking permit", "vehicle", "residents", "application"],
    footer_numbers=False,
    pages=[
        [
            ("small", "City of Eastbridge — Transport Services"),
            ("h1", "Application for a Residential Parking Permit"),
            (
                P,
                (
                    "Use this form to apply for a residential parking permit for a vehicle registered at "
                    "your home address. Residents of a permit zone may park in marked bays in that zone."
                ),
            ),
            ("small", "Full name: ______________________"),
            ("small", "Address: ______________________"),
            ("small", "Vehicle registration number: ____________"),
            ("small", "Permit zone: ______"),
            (
                P,
                (
                    "Attach a copy of your vehicle registration certificate and a recent utility bill "
                    "that shows your address. A permit is valid for twelve months from its start date."
                ),
            ),
        ],
    ],
)

BLANK = Doc(
    slug="blank-page",
    title="Blank page",
    keywords=[],
    footer_numbers=False,
    expect_no_text=True,
    pages=[[]],
)

CORPUS: list[Doc] = [MANUAL, SPEC, POLICY, MINUTES, LETTER, INVOICE, RECEIPT, FORM, BLANK]

# Public manuals shipped by Debian packages, used when installed (`apt-get install libtasn1-doc
# shared-mime-info`): the two documents the issue was found with. Not copied into the repository.
SYSTEM_DOCS: list[tuple[str, str, list[str]]] = [
    (
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
        "Libtasn1",
        ["asn.1", "der", "encoding", "library"],
    ),
    (
        "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
        "Shared MIME-info Database",
        ["mime", "mime type", "database", "glob", "magic"],
    ),
]
