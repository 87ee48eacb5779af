"""Words that are never a tag: English function words, document furniture ("page",
"chapter"), generic verbs and nouns ("way", "given", "used") and C/shell identifiers that
manuals are full of ("len", "int", "usr")."""

from __future__ import annotations

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such
than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours page
pages please per date dated amount number ref reference dear sincerely regards may must
shall within without upon via etc tel fax email www http https com net org pty ltd inc llc one
two three four five six seven eight nine ten also new use used using uses made make makes
including include includes included way ways given give gives following follows follow see
section sections chapter chapters figure figures table tables example examples note notes
thus therefore however whether either neither another every many much well first second third
last next previous part parts case cases value values set sets get gets let lets like need
needs needed want able available possible provide provides provided describes described
describe document documents contents introduction appendix index version versions whose
yet still even ever always never often usually sometimes already since though although unless
instead rather quite almost around across along among around toward towards onto per via
mr mrs ms dr sir madam thank thanks kind best hereby herein thereof said same time times
aside inside outside correct simple information particular different various specific general
certain single multiple whole entire actual usual common other others least less
years year month months day days today yesterday tomorrow report
explain explains explained define defines defined apply applies applied approve approves
approved hold holds held go goes went gone say says show shows shown keep keeps kept take takes
taken check checks write writes written read reads contain contains allow allows allowed
list lists stay stays become becomes found find finds try tries put puts let give gives
eur gbp usd chf aud cad jpy vat
int char void len usr bin lib src tmp str const struct unsigned signed bool null nil true false
size sizeof typedef enum return returns argv argc stdin stdout stderr dev etc opt var ptr buf
""".split())  # noqa: SIM905 - a word list reads better as text
