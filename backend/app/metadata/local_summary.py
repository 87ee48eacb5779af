"""Extractive summaries: LexRank over the document's own sentences.

LexRank (Erkan & Radev, 2004) scores a sentence by how central it is: sentences are nodes,
edges are the cosine similarity of their word vectors, and the stationary distribution of a
random walk (power iteration, damping 0.85) ranks them. We add what a reader knows: sentences
in the opening paragraphs and sentences sharing words with the title say what the document is
for. Only complete sentences are candidates (`local_text.is_fragment`), a sentence close to
one already picked is skipped, and the summary is never cut mid-word: a sentence that does not
fit is left out instead.

Written here rather than taken from a library: sumy needs NLTK's tokenizer data downloaded at
set-up, summa is unmaintained, pytextrank needs a spaCy model; this is ~80 lines of arithmetic.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from app.metadata.language import stopwords
from app.metadata.local_text import WORD, is_fragment

# A letter's salutation and closing formula in the languages read by default: what the letter
# says starts after the one ("Madame, nous vous informons …" → "Nous vous informons …") and
# ends before the other; neither is a summary's sentence nor a tag.
SALUTATION = re.compile(
    r"^(?:dear|hi|hello|to whom it may concern|sehr geehrte[rs]?|liebe[rs]?|hallo|guten tag|"
    r"geachte|beste|madame|monsieur|mesdames|messieurs|mademoiselle|ch[eè]re?s?|bonjour|"
    r"gentil[ei]|egregi[oa]|spett\.?(?:le|abile)|car[oa]|estimad[oa]s?|apreciad[oa]s?|"
    r"señor[ae]?s?|muy señor(?:es)?|prezad[oa]s?|exm[oa]s?\.?)\b[^.!?\n]{0,60}?[,:!]\s*",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"^(?:yours (?:sincerely|faithfully|truly)|(?:kind|best|warm) regards|sincerely|"
    r"mit freundlichen grüßen|freundliche grüße|beste grüße|hochachtungsvoll|"
    r"(?:bien )?cordialement|salutations|veuillez agréer|(?:nous|je) vous prions? d['’]agréer|"
    r"met vriendelijke groet(?:en)?|hoogachtend|distinti saluti|cordiali saluti|in fede|"
    r"atentamente|saludos cordiales|un saludo|(?:com os melhores )?cumprimentos|atenciosamente)",
    re.IGNORECASE,
)


def without_salutation(sentence: str) -> str:
    """The sentence without a salutation the text glued to it ("Gentile contribuente, con la
    presente …" → "Con la presente …")."""
    match = SALUTATION.match(sentence)
    if match is None or match.end() >= len(sentence):
        return sentence
    rest = sentence[match.end() :]
    return rest[:1].upper() + rest[1:] if rest[:1].isalpha() else sentence


def is_letter_formula(line: str) -> bool:
    """A salutation or closing formula line ("Sehr geehrte Frau Beispiel,", "Yours sincerely,")."""
    line = line.strip()
    return bool(CLOSING.match(line)) or bool(
        (m := SALUTATION.match(line)) and len(line) - m.end() <= 2
    )


DAMPING = 0.85
SIMILAR = 0.5  # cosine above which two sentences say the same thing


def _terms(sentence: str) -> Counter[str]:
    return Counter(
        w
        for w in (t.lower() for t in WORD.findall(sentence))
        if w not in stopwords(None) and len(w) > 2
    )


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[w] * b[w] * idf[w] ** 2 for w in common)
    na = math.sqrt(sum((a[w] * idf[w]) ** 2 for w in a))
    nb = math.sqrt(sum((b[w] * idf[w]) ** 2 for w in b))
    return dot / (na * nb) if na and nb else 0.0


def lexrank(vectors: list[Counter[str]], iterations: int = 50) -> list[float]:
    """Centrality of each sentence (continuous LexRank with idf over the sentences).

    The similarity matrix is sparse (most sentence pairs share no word), so it is kept as
    neighbour lists; a few hundred sentences take tens of milliseconds."""
    n = len(vectors)
    if n == 0:
        return []
    df = Counter(w for v in vectors for w in v)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    weighted = [{w: c * idf[w] for w, c in v.items()} for v in vectors]
    norms = [math.sqrt(sum(x * x for x in v.values())) or 1.0 for v in weighted]
    postings: dict[str, list[int]] = {}
    for i, v in enumerate(weighted):
        for w in v:
            postings.setdefault(w, []).append(i)
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    for i, v in enumerate(weighted):
        dots: dict[int, float] = {}
        for w, x in v.items():
            for j in postings[w]:
                if j > i:
                    dots[j] = dots.get(j, 0.0) + x * weighted[j][w]
        for j, dot in dots.items():
            neighbours[i][j] = neighbours[j][i] = dot / (norms[i] * norms[j])
    out_weight = [sum(nb.values()) or 1.0 for nb in neighbours]
    rank = [1.0 / n] * n
    for _ in range(iterations):
        share = [rank[j] / out_weight[j] for j in range(n)]
        new = [
            (1 - DAMPING) / n + DAMPING * sum(sim * share[j] for j, sim in neighbours[i].items())
            for i in range(n)
        ]
        done = max(abs(a - b) for a, b in zip(new, rank, strict=True)) < 1e-7
        rank = new
        if done:
            break
    return rank


def summarise(
    sentences: list[str],
    title: str = "",
    max_sentences: int = 2,
    max_chars: int = 450,
    skip: int = 0,
) -> list[str]:
    """Up to `max_sentences` sentences, in document order. `skip` passes over the best
    `skip` choices (Regenerate's "next best" summary)."""
    seen: set[str] = set()
    candidates: list[tuple[int, str]] = []
    for position, sentence in enumerate(sentences):
        key = re.sub(r"\W+", " ", sentence.lower()).strip()
        if key in seen or is_fragment(sentence):
            continue
        seen.add(key)
        candidates.append((position, sentence))
    # What a long document is for is said in its first part, not in its reference chapters
    # or appendices; this also keeps the similarity step small.
    if len(candidates) > 60:
        candidates = candidates[: max(60, len(candidates) // 3)][:300]
    if not candidates:
        return []
    vectors = [_terms(s) for _, s in candidates]
    scores = lexrank(vectors)
    title_terms = set(_terms(title))
    n = len(candidates)
    weighted = []
    for k, ((_position, _), vector, score) in enumerate(
        zip(candidates, vectors, scores, strict=True)
    ):
        opening = 1.0 + 2.0 / (1 + k / 2)  # the first paragraphs say what a document is for
        overlap = 1.0 + 0.5 * len(title_terms & set(vector)) / (len(title_terms) or 1)
        weighted.append((score * n * opening * overlap, k))
    weighted.sort(key=lambda t: -t[0])
    picked: list[int] = []
    skipped = 0
    idf = {w: 1.0 for v in vectors for w in v}
    for _, k in weighted:
        if any(_cosine(vectors[k], vectors[p], idf) > SIMILAR for p in picked):
            continue
        if skipped < skip:
            skipped += 1
            continue
        total = sum(len(candidates[p][1]) + 1 for p in picked) + len(candidates[k][1])
        if total > max_chars:
            continue
        picked.append(k)
        if len(picked) == max_sentences:
            break
    return [candidates[k][1] for k in sorted(picked)]
