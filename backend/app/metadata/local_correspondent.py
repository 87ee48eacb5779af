"""The local engine's correspondent: the issuer, not the recipient. The legal entity near the
VAT id, IBAN or company-register line, in the letterhead or the "From" block; a public body,
the name the document's own web domain spells, a till receipt's shop above its address; never
a line of the address block after "Bill to / An / À / Aan / Kunde". Kinds with a sender of
their own: a letter's signatory, a statement's bank, a tax form's payer
(`local_correspondent_kinds`). Where names stand on the page is read in
`local_correspondent_layout`, what a name looks like in `local_correspondent_names`, the
payment block's payee in `local_correspondent_payee`, the letterhead of a page that prints no
legal form in `local_correspondent_head`, the senders a person set before in
`local_correspondent_known`."""

from __future__ import annotations

import re

from app.metadata.facts import DocumentType
from app.metadata.local_correspondent_head import from_label, letterhead_name
from app.metadata.local_correspondent_kinds import detect_author
from app.metadata.local_correspondent_layout import (
    detached_parties,
    detect_by_domain,
    domain_labels,
    head_address,
    is_street,
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
    after_from,
    clean_name,
    detect_organisation,
    entities,
    names_a_kind,
    same_name,
    sentence_like,
    trim_lead_in,
)
from app.metadata.local_correspondent_payee import PAYEE_KINDS, in_bank_details, payee_names
from app.metadata.local_lines import Line
from app.metadata.local_words_correspondent import (
    ISSUER_MARK,
    NOT_A_NAME,
    STREET_WORD,
)
from app.metadata.local_words_names import ENTITY

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
        if from_label(ln.text):
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
    return letterhead_name(lines, first_page, recipient, kind, held)


def _addressed(lines: list[Line], recipient: set[tuple[int, int]]) -> bool:
    """A postal address block at the head of the first page, under a recipient's label or a
    person's title ("Mr A Patel / 17 Cedar Close / Riverton RV2 4PQ", "Monsieur Pierre
    Lefebvre / 12 rue Nationale / 44000 Nantes"): a notice or a letter posted to its reader."""
    head = [ln for ln in lines if ln.page == 1][:15]
    return any(
        (ln.page, ln.index) in recipient and town_line(ln.text) and k > 0
        for k, ln in enumerate(head)
    )
