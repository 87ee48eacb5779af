"""Search latency over 10,000 documents: a two-word query, one page of 20 results with snippets.

What is measured: the database side of `GET /api/documents?q=…` exactly as the API runs it
(`app.store.search.search`: one statement for one page of 20 ranked results with `ts_headline`
snippets and the total), over asyncpg against a private PostgreSQL holding 10,000 documents of
one user. The documents are generated: OCR text of 1 to 12 pages of
~300 words each (median ~4 pages), words drawn from a Zipf-distributed vocabulary of 6,000
words, plus a title, tags and a summary, so the index has a realistic size and word
frequencies. Queries are two words of middle frequency (each in roughly 2–20 % of documents),
the case where both the index and the ranking have work to do. The plan of that statement
(EXPLAIN ANALYZE, BUFFERS) is printed to show the GIN index is used and where the time goes.

Why not over HTTP: the API adds the same few milliseconds to every endpoint (measured by the
upload benchmark); this isolates what search itself costs.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from app.store import search as store
from app.store.database import _init_connection, apply_schema
from app.store.local_postgres import LocalPostgres
from bench.common import Row, percentile

TARGET_P95_MS = 50.0
DOCUMENTS = 10_000
VOCABULARY = 6_000
SYLLABLES = (
    "ka",
    "lo",
    "mer",
    "tin",
    "sa",
    "ve",
    "ro",
    "dal",
    "pi",
    "nu",
    "gor",
    "te",
    "bra",
    "sil",
    "mu",
    "den",
    "fa",
    "qui",
    "zo",
    "ran",
)


def _vocabulary(rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _text(rng: random.Random, vocab: list[str], weights: list[float], words: int) -> str:
    chosen = rng.choices(vocab, weights=weights, k=words)
    lines = [" ".join(chosen[i : i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return "\n".join(lines)


async def _load(
    pool: asyncpg.Pool,
    user_id: uuid.UUID,
    rng: random.Random,
    vocab: list[str],
    weights: list[float],
    count: int,
) -> None:
    batch = 200
    for start in range(0, count, batch):
        docs, texts = [], []
        for _ in range(min(batch, count - start)):
            doc_id = uuid.uuid4()
            pages = min(12, max(1, int(rng.lognormvariate(1.3, 0.7))))
            docs.append(
                (
                    doc_id,
                    user_id,
                    "scan.pdf",
                    f"{user_id}/{doc_id}/scan.pdf",
                    "application/pdf",
                    100_000,
                    uuid.uuid4().hex * 2,
                    "ocr_complete",
                    pages,
                    pages,
                    _text(rng, vocab, weights, 6).capitalize(),
                    sorted(set(rng.choices(vocab[:300], k=4))),
                    _text(rng, vocab, weights, 40),
                    "complete",
                )
            )
            texts.append(
                (
                    doc_id,
                    user_id,
                    "\n\n".join(_text(rng, vocab, weights, 300) for _ in range(pages)),
                    pages,
                    "bench",
                    1,
                )
            )
        async with pool.acquire() as conn, conn.transaction():
            await conn.executemany(
                """insert into documents (id, user_id, filename, file_path, mime_type,
                       file_size_bytes, sha256, status, page_count, pages_done, display_name,
                       tags, summary, metadata_status)
                   values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)""",
                docs,
            )
            await conn.executemany(
                """insert into ocr_results (document_id, user_id, text, page_count, model,
                                            processing_time_ms)
                   values ($1,$2,$3,$4,$5,$6)""",
                texts,
            )


async def measure(quick: bool) -> list[Row]:
    rng = random.Random(14)
    vocab = _vocabulary(rng)
    weights = [1 / (rank + 10) for rank in range(len(vocab))]  # Zipf-like
    count = 2_000 if quick else DOCUMENTS
    root = Path(tempfile.mkdtemp(prefix="docstream-bench-search-"))
    root.chmod(0o755)
    cluster = LocalPostgres(root)
    try:
        dsn = cluster.start()
        conn = await asyncpg.connect(dsn)
        await apply_schema(conn)
        user_id = await conn.fetchval(
            "insert into auth.users (email) values ('bench@example.com') returning id"
        )
        await conn.close()
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2, init=_init_connection)
        try:
            loaded = time.perf_counter()
            await _load(pool, user_id, rng, vocab, weights, count)
            await pool.execute("vacuum analyze document_search")
            await pool.execute("vacuum analyze documents")
            load_s = time.perf_counter() - loaded
            # Middle-frequency words: ranks 150-900 of the Zipf vocabulary.
            middle = vocab[150:900]
            queries = [
                f"{rng.choice(middle)} {rng.choice(middle)}" for _ in range(60 if quick else 300)
            ]
            for q in queries[:10]:  # warm the cache, as a running server is
                await store.search(pool, str(user_id), store.Filters(q=q), "relevance", 21, None)
            samples, matches = [], []
            for q in queries:
                f = store.Filters(q=q)
                started = time.perf_counter()
                _, total = await store.search(pool, str(user_id), f, "relevance", 21, None)
                samples.append((time.perf_counter() - started) * 1000)
                matches.append(total)
            plan = await store.explain(
                pool, str(user_id), store.Filters(q=queries[0]), "relevance", 21
            )
        finally:
            await pool.close()
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    gin = "document_search_user_vector_idx" in plan
    note = (
        f"{count:,} documents (loaded in {load_s:.0f}s); median {percentile(matches, 50):.0f} "
        f"matches per query; GIN index {'used' if gin else 'NOT used'}"
    )
    print("search plan:\n" + plan)
    return [
        Row(
            "search_p50", "search, 2 words, page of 20 + total, p50", percentile(samples, 50), "ms"
        ),
        Row(
            "search_p95",
            "search, 2 words, page of 20 + total, p95",
            percentile(samples, 95),
            "ms",
            target=TARGET_P95_MS,
            note=note,
        ),
        Row(
            "search_gin",
            "plan uses the GIN index",
            1.0 if gin else 0.0,
            "",
            target=1.0,
            better="higher",
        ),
    ]
