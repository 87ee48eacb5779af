"""The OCR step stores the document's language itself, for both engines (issue 22): it is set
when the text is saved, before (and whatever) the metadata step does. Here the metadata agent
never saves, so what the document holds is the OCR step's alone. A language its owner chose
wins over what the pages seem to be in.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.ocr.mistral import MistralOcrEngine
from tests.fakes.mistral_fake import MistralFake
from tests.ocr import scans
from tests.ocr.test_mistral import settings_for
from tests.pipeline.helpers import create_document, create_user, process, swapped
from tests.pipeline.test_metadata_job import SilentAgent

FRENCH = (
    "Madame, Monsieur,\n\nNous vous prions de trouver ci-joint la facture du mois de mai, y "
    "compris les frais de livraison. Le prélèvement aura lieu le 15 juin sur votre compte."
)


@pytest.fixture(scope="module")
def mistral() -> Iterator[MistralFake]:
    fake = MistralFake().start()
    fake.pages = [
        {
            "index": 0,
            "markdown": FRENCH,
            "images": [],
            "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
            "tables": [],
        }
    ]
    yield fake
    fake.stop()


async def stored(db, doc_id: str) -> tuple[str | None, str, str | None]:
    row = await db.fetchrow(
        "select d.language, d.metadata_status, r.pages -> 0 ->> 'language' as page "
        "from documents d join ocr_results r on r.document_id = d.id where d.id = $1",
        doc_id,
    )
    return row["language"], row["metadata_status"], row["page"]


async def test_the_local_engine_stores_the_language_of_a_dutch_scan(runtime, db, pipeline):
    owner = await create_user(db)
    pdf = scans.scan_pdf(scans.page_image("nl-manual-debian-faq-01", 1))
    doc_id = await create_document(runtime, owner, pdf)
    with swapped(runtime, "metadata", SilentAgent()):
        await process(pipeline, doc_id)
    assert await stored(db, doc_id) == ("nl", "failed", "nl")


async def test_mistral_ocr_results_get_their_language_stored(runtime, db, pipeline, mistral):
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, b"%PDF-1.4 a stand-in the fake never reads")
    engine = MistralOcrEngine(settings_for(mistral.url, runtime.settings.data_dir))
    try:
        with swapped(runtime, "ocr", engine), swapped(runtime, "metadata", SilentAgent()):
            await process(pipeline, doc_id)
    finally:
        await engine.aclose()
    language, metadata, _ = await stored(db, doc_id)
    assert (language, metadata) == ("fr", "failed")


async def test_a_language_its_owner_chose_is_stored_whatever_the_pages_seem(
    runtime, db, pipeline, mistral
):
    """Mistral reads the page as it likes; the person said it is Italian, and it is stored so."""
    owner = await create_user(db)
    doc_id = await create_document(runtime, owner, b"%PDF-1.4 a stand-in the fake never reads")
    await db.execute("update documents set ocr_language = 'it' where id = $1", doc_id)
    engine = MistralOcrEngine(settings_for(mistral.url, runtime.settings.data_dir))
    try:
        with swapped(runtime, "ocr", engine), swapped(runtime, "metadata", SilentAgent()):
            await process(pipeline, doc_id)
    finally:
        await engine.aclose()
    assert (await stored(db, doc_id))[0] == "it"
