"""The local engine's correspondent: the issuer, not the recipient. The legal entity near the
VAT id, IBAN or company-register line, in the letterhead or the "From" block; a public body,
the name the document's own web domain spells, a till receipt's shop above its address; never
a line of the address block after "Bill to / An / À / Aan / Kunde". Kinds with a sender of
their own: a letter's signatory, a statement's bank, a tax form's payer
(`local_correspondent_kinds`). Where names stand on the page is read in
`local_correspondent_layout`, what a name looks like in `local_correspondent_names`, the
payment block's payee in `local_correspondent_payee`."""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.language import find_dates, tag_stopwords
from app.metadata.local_correspondent_kinds import detect_author
from app.metadata.local_correspondent_layout import (
    detached_parties,
    detect_address_block,
    detect_by_domain,
    domain_labels,
    foot_name,
    head_address,
    is_street,
    label_alone,
    name_before_street,
    party_sections,
    recipient_cut,
    recipient_lines,
    return_address_name,
    sender_line,
    side_by_side,
    spelled_by_domain,
    town_line,
    two_column_header,
)
from app.metadata.local_correspondent_names import (
    OFFICE_END,
    after_from,
    clean_name,
    detect_organisation,
    entities,
    names_a_kind,
    same_name,
    sentence_like,
    trim_lead_in,
    without_kind_word,
)
from app.metadata.local_correspondent_payee import PAYEE_KINDS, in_bank_details, payee_names
from app.metadata.local_lines import Line
from app.metadata.local_words import SALUTATION
from app.metadata.local_words_correspondent import (
    FROM_LABEL,
    ISSUER_MARK,
    NOT_A_NAME,
    RECIPIENT_LABEL,
    STREET_WORD,
)
from app.metadata.local_words_names import ENTITY, NAME_CONNECTOR

# A register number caught as a name before a legal form's look-alike ("HRB 77123, AG
# Düsseldorf", "RCS Paris 123 456 789 SA")
_REGISTER_NUMBER = re.compile(r"\b(?:HR[AB]|RCS|KvK|Reg\.?|Nr\.?|No\.?|n°)\s*:?\s*\d", re.I)


# A service the bill was paid, shipped or run through, named before its company: never the
# issuer ("Payment processed by Stripe …", "Powered by Shopify Inc.", "Versand mit DHL …")
_THIRD_PARTY = re.compile(
    r"(?:powered|processed|shipped|delivered|fulfilled)\s+(?:by|via|through)|"
    r"payments?\s+(?:via|through|by)|paid\s+(?:via|with|through)|"
    r"(?:versand|versendet|geliefert|zahlung|bezahlt|zahlungsabwicklung|abgewickelt)\s+"
    r"(?:mit|durch|über|per|von)|"
    r"(?:livr[ée]e?|exp[ée]di[ée]e?|paiement)\s+(?:par|via|avec)|"
    r"(?:spedit[oa]|pagamento|consegnat[oa])\s+(?:con|tramite|da|via)|"
    r"(?:enviado|pagado|entregado)\s+(?:por|con|mediante)|"
    r"(?:verzonden|bezorgd|betaald)\s+(?:met|door|via)|"
    # a card slip's acquirer or payment provider, labelled ("Zahlungsdienstleister: Payone GmbH")
    r"zahlungsdienstleister|acquirer|payment\s+(?:service\s+)?(?:provider|processor)|"
    r"prestataire\s+de\s+paiement|proveedor\s+de\s+pagos?|"
    r"(?:gestore|fornitore)\s+(?:dei\s+)?pagamenti|betaaldienstverlener",
    re.I,
)
# A marketplace's seller in each language, and the Portuguese issuer's labels, a label of the
# issuer as "From" is ("Verkocht door: De Boekenhoek", "Vendido por: …", "Emitente: …")
_SOLD_BY = re.compile(
    r"^(?:emitente|prestador(?: de servi[çc]os)?|fornecedor|"
    r"sold (?:and shipped )?by|verkauft (?:und versendet )?(?:von|durch)|"
    r"vendu(?:e)? (?:et expédié )?par|venduto (?:e spedito )?da|vendido (?:y enviado )?por|"
    r"vendido (?:e enviado )?por|verkocht (?:en verzonden )?door)(?:\s*:\s*(.*)|\s*)$",
    re.I,
)


def _from_label(text: str) -> re.Match[str] | None:
    """A sender's label at the start of a line, its value (if any) in group 1."""
    return FROM_LABEL.match(text) or _SOLD_BY.match(text)


_THIRD_PARTY_BEFORE = re.compile(r"(?:" + _THIRD_PARTY.pattern + r")\s*:?\s*$", re.I)


def detect_correspondent(
    lines: list[Line],
    letterhead: bool = True,
    language: str | None = None,
    kind: DocumentType | None = None,
) -> tuple[str, Line, float] | None:
    """The issuer: a named legal entity scored by where it stands (letterhead, "From" block,
    beside a VAT id / IBAN / register line), whether the document's own web or mail domain
    spells it, and how often it recurs; the recipient's block is excluded. Without a legal
    form: the "From" line, the line the domain spells, a till receipt's address block, the
    first name-like line of the letterhead. A kind without a letterhead (an article, a form, a
    manual) names its author, a public body on its first page or the name its domain spells,
    or nothing."""
    recipient = recipient_lines(lines)
    if not letterhead and kind is None and _addressed(lines, recipient):
        letterhead = True  # a page of no kind we know, posted to a reader: it has a sender
    if not letterhead:
        author = detect_author(lines)
        if author is not None:
            return author[0], author[1], 0.6
    first_page = [ln for ln in lines if ln.page == 1]
    sender = sender_line(first_page)
    if sender is not None and (sender.page, sender.index) not in recipient:
        found = return_address_name(sender.text)
        if found:
            name = clean_name(found)
            if len(name) >= 3 and not NOT_A_NAME.search(name) and not is_street(name):
                return name, sender, 0.8
    scores: dict[str, float] = {}
    spelled: dict[str, tuple[str, Line]] = {}
    evidence: set[str] = set()  # names with more than a place on the page to show for them
    from_block: set[tuple[int, int]] = set()
    parties = detached_parties(first_page)
    if parties is not None:
        recipient |= parties[1]
        from_block |= {(ln.page, ln.index) for ln in parties[0]}
    for i, ln in enumerate(first_page):
        if _from_label(ln.text):
            for nxt in first_page[i : i + 5]:
                from_block.add((nxt.page, nxt.index))
    seller_section, buyer_section = party_sections(first_page)
    from_block |= seller_section
    recipient |= buyer_section
    marks = {(ln.page, ln.index) for ln in lines if ISSUER_MARK.search(ln.text)}
    columns = two_column_header(first_page)
    sides = side_by_side(first_page)
    recipient -= set(sides)  # the recipient's column is left of each line's split
    foot = set(first_page[-8:]) - set(first_page[:8])  # a foot, not the letterhead
    logo = next(
        (
            ln
            for ln in first_page[:2]
            if (ln.page, ln.index) not in recipient
            and 1 <= len(ln.text.split()) <= 3
            and len(re.sub(r"\W", "", ln.text)) >= 3
            and not names_a_kind(ln.text)
            and not NOT_A_NAME.search(ln.text)
        ),
        None,
    )
    domains = domain_labels(lines, recipient)
    named = next(
        (
            ln
            for ln in first_page
            if (ln.page, ln.index) in from_block
            and re.match(
                r"^(?:name|firma|company|raison sociale|naam|nome|firmenname|company name|"
                r"business name|nom de l['’]entreprise|raz[óo]n social|ragione sociale|"
                r"denominazione|bedrijfsnaam)\s*:\s*\S",
                ln.text,
                re.I,
            )
        ),
        None,
    )
    for ln in lines:
        if ln.page > 2:
            break
        if (ln.page, ln.index) in recipient or re.search(r"©|\(c\)|copyright", ln.text, re.I):
            continue
        cut = recipient_cut(ln.text)
        text = ln.text
        right = sides.get((ln.page, ln.index))
        if right is not None:  # the recipient's column blanked, the issuer's left in place
            text = " " * right + text[right:]
        for match in entities(text):
            if cut is not None and match.start() >= cut:
                continue  # right of a recipient's label on a line of two columns
            column = 0 if not ln.text[: match.start()].strip(" |") else 1
            if columns.get((ln.page, ln.index)) == column:
                continue  # the recipient's column under "Rechnungsempfänger: Lieferant:"
            name = trim_lead_in(after_from(clean_name(match.group("name"))), language)
            if len(name) < 4 or len(name) > 70 or sentence_like(name, language):
                continue
            if STREET_WORD.search(name):  # "1200 New Jersey Avenue SE": an address
                continue
            if _REGISTER_NUMBER.search(name):  # "HRB 77123, AG Düsseldorf": a register line
                continue
            at = ln.text.find(name, match.start())
            if _THIRD_PARTY_BEFORE.search(ln.text[: at if at >= 0 else match.start()]):
                continue  # "Payment processed by Stripe Payments Europe Ltd": a service used
            if kind is not DocumentType.BANK_STATEMENT and in_bank_details(lines, ln, name):
                continue  # "Bankverbindung: Commerzbank AG, IBAN …": the issuer's bank
            key = name.lower()
            score = 1.0
            if spelled_by_domain(name, domains):
                score += 2.0
                evidence.add(key)
            if ln.page == 1 and ln.index < 8:
                score += 2.0
            if (ln.page, ln.index) in from_block or (ln.page, ln.index) in columns or right:
                score += 3.0
                evidence.add(key)
            near = any((ln.page, ln.index + d) in marks for d in (-2, -1, 0, 1, 2))
            if ln in foot:
                # a legal foot printed as a column: name, street, town, managing director,
                # register ("Acme GmbH / Str. 1 / 12345 Ort / GF: … / HRB 123")
                near = near or any((ln.page, ln.index + d) in marks for d in range(3, 6))
            if logo is not None and logo is not ln and same_name(logo.text, name):
                # the logo's words at the head of the page ("BRANDT" over "Brandt Gerüstbau
                # GmbH" in the foot)
                score += 2.0
                evidence.add(key)
            if near:
                score += 2.0
                evidence.add(key)
            if (ln.page, ln.index) in marks and len(ln.text) > len(name) + 8:
                # the company's legal line (name, register, VAT id on one line, as a foot
                # prints it): outweighs an addressee's name at the top of the page
                score += 1.5
            scores[key] = scores.get(key, 0.0) + score
            spelled.setdefault(key, (name, ln))
    # the payee of the payment block, the business a receipt thanks: strong evidence, and a
    # name of its own when the page holds no legal form
    payees = payee_names(lines, recipient) if kind in PAYEE_KINDS else []
    held: list[tuple[str, Line, float]] = []
    for payee, where, strong in payees:
        same = [key for key in scores if same_name(spelled[key][0], payee)]
        for key in same:
            scores[key] += 4.0
            evidence.add(key)
        # a bare account holder beside a company's legal name is weaker than it ("Kontoinhaber:
        # Jane Roe" may be the customer whose account a direct debit draws on); whom cheques
        # are payable to, or the customer thanks, is not
        if not same and (strong or ENTITY.search(payee) or (not scores and not letterhead)):
            key = payee.lower()
            scores[key] = scores.get(key, 0.0) + 4.0
            spelled.setdefault(key, (payee, where))
            evidence.add(key)
        elif not same and not scores:
            # the letterhead's own name, if it has one, before the account's holder (the
            # owner of a business named otherwise: "Account name: D Evans")
            held.append((payee, where, 0.4))
    if named is not None and not scores:
        value = named.text.split(":", 1)[1]
        # a further field run into the line ("Test company Ländercode: DE")
        value = re.split(r"\s+[^\W\d_][\w-]*\s*:", value)[0]
        return clean_name(value), named, 0.7
    if parties is not None and not scores:
        seller_lines = parties[0]
        joined = Line(
            seller_lines[0].page, seller_lines[0].index, " ".join(ln.text for ln in seller_lines)
        )
        return clean_name(joined.text), joined, 0.6
    if scores:

        def rank(key: str) -> tuple[float, int, int]:
            return scores[key], -spelled[key][1].page, -spelled[key][1].index

        best = max(scores, key=rank)
        backed = [key for key in scores if key in evidence]
        if letterhead and best not in evidence and backed:
            # a company named only by where it stands (an addressee without a label, at the
            # top) gives way to one the page backs: its register or tax line, its domain, a
            # seller's label, the payee ("Copperleaf Catering Ltd / … / Company No. 1029")
            best = max(backed, key=rank)
        name, line = spelled[best]
        evidenced = (
            spelled_by_domain(name, domains)
            or (line.page, line.index) in from_block
            or any((line.page, line.index + d) in marks for d in (-2, -1, 0, 1, 2))
            or any(same_name(name, payee.name) for payee in payees)
        )
        if letterhead and not evidenced:
            # a company named only by where it stands (an addressee without a label) against
            # the line the document's own mail or web domain spells ("Bright Labs" for
            # billing@brightlabs.io): the domain is the issuer's
            own = detect_by_domain(lines, recipient, repeated_word=False, own_only=True)
            if own is not None and own[1].page == 1 and not same_name(own[0], name):
                return own[0], own[1], 0.6
        return name, line, min(0.95, 0.5 + 0.1 * scores[best])
    if not letterhead:
        # a document of no kind we know that heads its page with a name over its postal
        # address (a booking confirmation, a notice) was sent by that name
        headed = head_address(first_page, recipient)
        if headed is not None:
            return clean_name(headed[0]), headed[1], 0.45
        organisation = detect_organisation(lines)
        if organisation is not None:
            return organisation[0], organisation[1], 0.5
        # no recipient's block to leave out: prose lines start with "to" or "a" too
        by_domain = detect_by_domain(lines, set(), repeated_word=True, own_only=True)
        if by_domain is not None:
            return by_domain[0], by_domain[1], 0.4
        return None
    # no legal form anywhere: the "From" line, or the letterhead's first name-like line (only
    # for a kind that has a sender: a newsletter's heading is not one)
    for i, ln in enumerate(first_page[:12]):
        labelled = _from_label(ln.text)
        if labelled:
            match = labelled
            value = match.group(1) or (first_page[i + 1].text if i + 1 < len(first_page) else "")
            cut = recipient_cut(ln.text) if match.group(1) else None
            before_to = FROM_LABEL.match(ln.text[:cut].rstrip()) if cut is not None else None
            if before_to is not None:  # "From: Northbeam Analytics To: Harper & Cole LLP"
                value = before_to.group(1) or ""
            target = ln if match.group(1) else first_page[i + 1] if i + 1 < len(first_page) else ln
            if value and not NOT_A_NAME.search(value):
                return clean_name(value), target, 0.6
    # then, in this order: the line the document's own domain spells, a till receipt's
    # address block, the letterhead's first name-like line, a word the domain spells; the
    # first of them the domain confirms when they differ ("7 Thalia" over a branch's address
    # block when the receipt prints thalia.de)
    domains = domain_labels(lines, recipient)
    candidates: list[tuple[str, Line, float]] = []
    by_domain = detect_by_domain(lines, recipient, repeated_word=False)
    if by_domain is not None and by_domain[1].page == 1:
        candidates.append((by_domain[0], by_domain[1], 0.5))
    if kind is DocumentType.RECEIPT:
        block = detect_address_block(first_page, recipient)
        if block is not None:
            candidates.append((block[0], block[1], 0.4))
    for k, ln in enumerate(first_page[:4]):
        # a statement's head holds its holder's address left of the period and account
        # fields ("Jane Doe Statement Period …"): no issuer's name stands there
        unmerged = (
            ln.text if kind is DocumentType.BANK_STATEMENT else _without_run_in_field(ln.text)
        )
        fields = _without_field_label(_without_slogan(_without_contact(unmerged)))
        if fields != ln.text and len(fields) >= 3:
            ln = Line(ln.page, ln.index, fields)  # "AnyCompany Hardware DATE": a merged column
        if (ln.page, ln.index) in recipient:
            continue
        street_name = name_before_street(ln.text)
        if street_name is not None:
            # "Maple Ridge Dental 400 Elm Avenue, Dayton, OH 45402": the name before its street
            candidates.append((clean_name(street_name), ln, 0.4))
            break
        if NOT_A_NAME.search(without_kind_word(ln.text)):
            continue
        tidy = _tidy_head(ln.text)
        if len(re.findall(r"[^\W\d_]", tidy)) < 3 or (
            is_street(tidy) and not _name_over_street(tidy, first_page[k + 1 : k + 2])
        ):
            continue  # OCR's crumbs over a receipt's logo ("ZX#", "i -"), or a street
        tidied = tidy != ln.text
        if tidied:
            ln = Line(ln.page, ln.index, tidy)
        if label_alone(ln.text, RECIPIENT_LABEL):
            continue  # "Herrn", "Bill to": the address under it is the reader's
        if SALUTATION.match(ln.text):
            break  # "Dear Sir/Madam": the letter's body has begun, the reader is addressed
        cut = recipient_cut(ln.text)
        text = ln.text if cut is None else _JOINING_END.sub("", ln.text[:cut].rstrip())
        bare = without_kind_word(text)
        if bare != text and _JOINING_END.search(bare):
            continue  # "ORDER CONFIRMATION AND INVOICE": a heading, not a name and a kind
        if bare != text and cut is None:
            text, ln = bare, Line(ln.page, ln.index, bare)
            cut = len(bare)  # the line is the name now: no wrapped name to join
        elif (tidied or fields != first_page[k].text) and cut is None:
            cut = len(text)
        words = text.split()
        if _furniture(text):
            continue  # "ORIGINAL FOR RECIPIENT", "MERCHANT COPY", "Your Order", "Welcome"
        if (
            1 <= len(words) <= 5
            and len(text) <= 40
            and (
                _name_cased(words)
                or _over_address(first_page, k)  # "le petit bistrot" over its address
            )
            and (not names_a_kind(text) or OFFICE_END.search(text))
            and not find_dates(text)
            and not re.search(r"\d[.,]\d", text)  # a price ("N 1,459 EUR/Liter")
        ):
            # a line cut at a recipient's label: the next line is two columns run together
            named = _wrapped_name(first_page, k, recipient) if cut is None else ln
            candidates.append((clean_name(text if cut is not None else named.text), named, 0.4))
            break
        slogan = _LOGO_AND_SLOGAN.match(text) if len(words) <= 6 else None
        if (
            slogan is not None
            and not names_a_kind(slogan.group(1))
            and slogan.group(1).lower() not in tag_stopwords(None)  # "FROM the desk of the …"
        ):
            # "NEXGEN Innovation drives progress": the logo's word before its slogan
            candidates.append((slogan.group(1), ln, 0.4))
            break
    # a name over its postal address under the page's first lines (a heading, the number
    # and date over "Blue Heron Carpentry / 14 Mill Road / Norwich NR2 3QT")
    headed = head_address(first_page, recipient, depth=8)
    if headed is not None:
        candidates.append((clean_name(headed[0]), headed[1], 0.35))
    footed = foot_name(first_page, recipient)
    if footed is not None:
        candidates.append((clean_name(footed[0]), footed[1], 0.35))
    candidates += held
    # an organisation heading the page in a line too long for a name alone ("Lakeview
    # Hospital of Northern Vermont BILLING")
    head = [ln for ln in first_page[:4] if (ln.page, ln.index) not in recipient]
    organisation = detect_organisation(head)
    if organisation is not None:
        candidates.append((organisation[0], organisation[1], 0.4))
    by_domain = detect_by_domain(lines, recipient, repeated_word=True)
    if by_domain is not None:
        candidates.append((by_domain[0], by_domain[1], 0.3))
    confirmed = [c for c in candidates if spelled_by_domain(c[0], domains)]
    if confirmed:
        return confirmed[0]
    if candidates:
        return candidates[0]
    if kind is DocumentType.LETTER:
        return None  # who signs it names a letter's sender better than an address does
    return _domain_alone(lines, recipient)


def _addressed(lines: list[Line], recipient: set[tuple[int, int]]) -> bool:
    """A postal address block at the head of the first page, under a recipient's label or a
    person's title ("Mr A Patel / 17 Cedar Close / Riverton RV2 4PQ", "Monsieur Pierre
    Lefebvre / 12 rue Nationale / 44000 Nantes"): a notice or a letter posted to its reader."""
    head = [ln for ln in lines if ln.page == 1][:15]
    return any(
        (ln.page, ln.index) in recipient and town_line(ln.text) and k > 0
        for k, ln in enumerate(head)
    )


def _domain_alone(
    lines: list[Line], recipient: set[tuple[int, int]]
) -> tuple[str, Line, float] | None:
    """Nothing on the page reads as a name, but the bill gives its own mail or web address
    ("Questions? help@parcelpoint.co.uk"): the domain's name, as printed there."""
    labels = domain_labels(lines, recipient, own_only=True)
    if not labels:
        return None
    for ln in lines:
        if ln.page > 1:
            break
        if (ln.page, ln.index) in recipient:
            continue
        found = re.search(r"(?<=[@./])" + re.escape(labels[0]) + r"(?=\.)", ln.text, re.I)
        if found is not None and len(found.group(0)) >= 4:
            return found.group(0), ln, 0.3
    return None


# Kinds whose words also name who sends them: "HUK-COBURG Versicherung", "Finanzamt


# A name's line that ends in a word that joins ("Azienda Ospedaliero-Universitaria di",
# "Institut für", "Smith &"): the name goes on on the next line.
_JOINING_END = re.compile(
    r"(?:\s(?:di|de|del|della|dei|des|du|da|do|dos|of|for|the|and|für|der|und|van|von|voor|en|"
    r"et|e|y|zu|zur|zum)|\s?[&+-])$",
    re.I,
)


# A field's label at the end of a letterhead line, where the text layer ran the header's
# columns together ("Northwind Hardware DATE", "Acme Roofing INVOICE #"). Its blanks
# possessive and its colon with the blanks before it (`(?:\s*+[:#])?`, the same strings as
# `\s*[:#]?`): blanks between two labels are read one way, not shared out between the two
# labels' `\s` in every way.
_TRAILING_FIELD = re.compile(
    r"(?:\s++(?:(?:invoice|due|order|customer|account|bill|statement|issue)\s++)?"
    r"(?:date|no\.?|number|#|id|datum|fecha|data)(?:\s*+[:#])?)+\s*+$",
    re.I,
)
# A few labels at most: only the line's end is searched. Searched at every start of a long
# line of labels and words ("DATE DATE … DATE x"), the pattern would read to the line's end
# from each of them.
_TRAILING_FIELD_CHARS = 80


def _without_field_label(text: str) -> str:
    """A letterhead line without the field label a merged column ran into it: a label in
    capitals after a name that is not ("Northwind Hardware DATE"), or one with its colon or
    "#" ("Acme Roofing Invoice #"); "Smart Data" and "ACME DATA" keep their last word."""
    match = _TRAILING_FIELD.search(text, max(0, len(text) - _TRAILING_FIELD_CHARS))
    if match is None:
        return text
    start = match.start()
    while start > 0 and text[start - 1].isspace():  # the blanks the slice cut, back in
        start -= 1
    if start == 0:
        return text
    label, rest = text[start:].strip(), text[:start]
    shouted = label == label.upper() and any(c.islower() for c in rest)
    return rest if shouted or re.search(r"[:#]$", label) else text


# A phone or fax number run onto the name's line ("Pizzeria Napoli Tel. 081 5551234")
_CONTACT_TAIL = re.compile(
    r"\s+(?:tel|t[ée]l|telefon|telefono|tel[ée]fono|phone|ph|fon|fax|tfno|tlf|mob|mobile)"
    r"\.?\s*:?\s*[+\d(][\d\s()/.-]{5,}$",
    re.I,
)
# A name, a dash and the company's slogan ("Müller Haustechnik – Ihr Partner für Wärme")
_SLOGAN_AFTER = re.compile(r"^(?P<name>[^–|-]{3,40}?)\s+[–|-]\s+(?P<rest>.+)$")


# A field of the header's other column run onto the letterhead's line, its label and value
# ("Bäckerei Schmidt Rechnungsnummer: 2025-031", "Blue Heron Carpentry Invoice No: 4471",
# "Atelier Lumière Facture n° 2025-12"): a field's word, then a colon, "#" or a figure
_RUN_IN_FIELD = re.compile(
    r"\s+(?:invoice|bill|receipt|statement|order|customer|account|client|due|date|"
    r"rechnung\w*|datum|kunden\w*|bestell\w*|auftrag\w*|beleg\w*|f[äa]llig\w*|"
    r"factur\w*|facture|commande|échéance|"
    r"factuur\w*|klant\w*|vervaldatum|"
    r"fattura|data|cliente|ordine|scadenza|"
    r"fecha|factura|pedido|vencimiento|"
    r"fatura|encomenda|"
    r"n[°º]|nº|no\.|nr\.|ref\w*|"
    # any compound on a number or a date, however OCR read its head ("Rcchnungsnummer:")
    r"[^\W\d_]{2,}(?:nummer|number|datum))\b[\w .°º/-]{0,25}?(?::|#|\s(?=\d))",
    re.I,
)


def _without_run_in_field(text: str) -> str:
    """A letterhead line without the field the header's other column ran onto it."""
    match = _RUN_IN_FIELD.search(text)
    if match is None or match.start() < 3:
        return text
    return text[: match.start()]


def _without_contact(text: str) -> str:
    """A letterhead line without the phone number run onto it."""
    return _CONTACT_TAIL.sub("", text)


def _without_slogan(text: str) -> str:
    """A letterhead line without the slogan after its name and a dash: the rest is a phrase
    (words in small letters), the name a few capitalised words; the line itself otherwise."""
    match = _SLOGAN_AFTER.match(_tidy_head(text))  # "| Müller Haustechnik – …": a crumb first
    if match is None:
        return text
    name, rest = match.group("name"), match.group("rest")
    small = [w for w in rest.split() if w[:1].islower() and w.isalpha()]
    if len(small) < 2 or not _name_cased(name.split()) or len(name.split()) > 5:
        return text
    return name


# A logo's word followed by the company's slogan: "NEXGEN Innovation drives progress",
# "NexGen Innovation drives progress" (the word in capitals, or with a capital inside)
_LOGO_AND_SLOGAN = re.compile(
    r"^([A-Z][A-Z&]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)\s+(?=(?:\S+\s+){0,4}[a-zäöüéèà]{3,})\S"
)


# A document's furniture over its sender's name: which copy it is, a greeting, a heading
_FURNITURE = frozenset(
    [
        "original",
        "duplicate",
        "triplicate",
        "copy",
        "copie",
        "kopie",
        "copia",
        "recipient",
        "transporter",
        "supplier",
        "customer",
        "merchant",
        "client",
        "cardholder",
        "kunde",
        "kunden",
        "händler",
        "welcome",
        "hello",
        "hi",
        "thank",
        "thanks",
        "you",
        "your",
        "yours",
        "memo",
        "cash",
        "quotation",
        "quote",
        "estimate",
        "angebot",
        "devis",
        "offerte",
        "preventivo",
        "presupuesto",
        "order",
        "orders",
        "bestellung",
        "commande",
        "bestelling",
        "ordine",
        "pedido",
        "summary",
        "confirmation",
        "payment",
        "delivery",
        "note",
        "slip",
        "packing",
        "lieferschein",
        "proforma",
        "pro-forma",
        "tax",
        "gst",
        "vat",
        "sales",
        "retail",
        "bon",
        "ticket",
        "beleg",
        "kassenbon",
        "kundenbeleg",
        "händlerbeleg",
    ]
)


def _furniture(text: str) -> bool:
    """A line of nothing but a document's furniture and kind words ("Customer Copy", "Cash
    Memo", "ORIGINAL FOR RECIPIENT", "Your Order")."""
    words = [w.strip(".,:;()[]!'’\"").lower() for w in text.split()]
    words = [w for w in words if w and w not in NAME_CONNECTOR]
    return bool(words) and all(
        w in _FURNITURE or (names_a_kind(w) and not OFFICE_END.search(w)) for w in words
    )


def _tidy_head(text: str) -> str:
    """A receipt's head as OCR reads it, without the crumbs and rules around the name
    ("*** GETRÄNKE HAHN ***", "~ SUPERMARKT HOLM ~", ". bIO HOFLADEN", "' FRESH MART '",
    "~ . MERCEARIA CENTRAL ' .": a quote standing apart is a crumb too, one holding the name
    is not)."""
    # punctuation standing apart is a crumb, whatever it is ("~ . MERCEARIA CENTRAL ' .")
    text = re.sub(r"^(?:[^\w\s&+]{1,3}\s+)+|(?:\s+[^\w\s&+]{1,3})+$", "", text.strip())
    text = re.sub(r"^[^\w(„“\"'’]+|[^\w).!’'\"&+]+$", "", text).strip()
    return re.sub(r"^[„“\"'’‘]+\s+|\s+[“”\"'’‘]+$", "", text).strip()


def _name_over_street(text: str, after: list[Line]) -> bool:
    """A name ending in a figure that reads as a street and its number ("Azienda Sanitaria
    Locale Roma 3") over the street itself: a street has no street above it."""
    return bool(after) and not STREET_WORD.search(text) and is_street(after[0].text)


def _over_address(first_page: list[Line], k: int) -> bool:
    """The line right over a street and its town (or both on one line): an address block's
    name, however OCR or the shop cased it ("le petit bistrot / 12 rue Cler / 75007 Paris")."""
    rest = [ln.text for ln in first_page[k + 1 : k + 3]]
    return bool(rest) and is_street(rest[0]) and any(town_line(t) for t in rest)


def _name_cased(words: list[str]) -> bool:
    """A name's words are capitalised but for one at most, its particles left aside ("Eaux
    du Val de Loire", "Banco de la Plaza"); a line that starts with one goes on a name
    from the line above ("for Work &")."""
    content = words[:1] + [w for w in words[1:] if w.lower() not in NAME_CONNECTOR]
    return sum(_capitalised(w) for w in content) >= max(1, len(content) - 1)


def _capitalised(word: str) -> bool:
    """A word of a name: capitalised, or in capitals with its first letter misread ("bIO")."""
    return word[:1].isupper() or sum(c.isupper() for c in word) >= 2


def _wrapped_name(first_page: list[Line], k: int, recipient: set[tuple[int, int]]) -> Line:
    """The name's line, joined with the next when the name wraps over two lines."""
    ln = first_page[k]
    if k + 1 >= len(first_page) or not _JOINING_END.search(ln.text):
        return ln
    nxt = first_page[k + 1]
    if (nxt.page, nxt.index) in recipient or NOT_A_NAME.search(nxt.text) or len(nxt.text) > 40:
        return ln
    return Line(ln.page, ln.index, f"{ln.text} {nxt.text}")
