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

from app.metadata.local_stopwords import STOPWORDS
from app.metadata.local_text import WORD, is_fragment

DAMPING = 0.85
SIMILAR = 0.5  # cosine above which two sentences say the same thing


def _terms(sentence: str) -> Counter[str]:
    return Counter(w for w in (t.lower() for t in WORD.findall(sentence))
                   if w not in STOPWORDS and len(w) > 2)


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[w] * b[w] * idf[w] ** 2 for w in common)
    na = math.sqrt(sum((a[w] * idf[w]) ** 2 for w in a))
    nb = math.sqrt(sum((b[w] * idf[w]) ** 2 for w in b))
    return dot / (na * nb) if na and nb else 0.0


def lexrank(vectors: list[Counter[str]], iterations: int = 50) -> list[float]:
    """Centrality of each sentence (continuous LexRank with idf over the sentences)."""
    n = len(vectors)
    if n == 0:
        return []
    df = Counter(w for v in vectors for w in v)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    sim = [[_cosine(vectors[i], vectors[j], idf) if i != j else 0.0 for j in range(n)] for i in range(n)]
    out_weight = [sum(row) or 1.0 for row in sim]
    rank = [1.0 / n] * n
    for _ in range(iterations):
        rank = [(1 - DAMPING) / n + DAMPING * sum(sim[j][i] * rank[j] / out_weight[j] for j in range(n))
                for i in range(n)]
    return rank


def summarise(sentences: list[str], title: str = "", max_sentences: int = 2,
              max_chars: int = 450, skip: int = 0) -> list[str]:
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
    candidates = candidates[:300]  # the quadratic step stays small on long documents
    if not candidates:
        return []
    vectors = [_terms(s) for _, s in candidates]
    scores = lexrank(vectors)
    title_terms = set(_terms(title))
    n = len(candidates)
    weighted = []
    for k, ((position, _), vector, score) in enumerate(zip(candidates, vectors, scores, strict=True)):
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
