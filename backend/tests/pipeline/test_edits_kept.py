"""The background chain never overwrites what a person wrote: an edit made while the document
was still being read survives the metadata job that follows."""

from __future__ import annotations

from app.domain import MetadataStatus
from app.store import documents, edits
from tests import files
from tests.pipeline.helpers import create_document, create_user, process


async def test_an_edit_made_during_ocr_survives_the_metadata_job(runtime, db, pipeline):
    user_id = await create_user(db)
    content = files.text_pdf([["Mortgage statement for the year.", "Balance and interest paid."]])
    doc_id = await create_document(runtime, user_id, content)
    edited = await edits.update_metadata(runtime.pool, user_id, doc_id, {"tags": ["house"]})
    assert edited is not None and edited.edited_fields == ["tags"]

    await process(pipeline, doc_id)  # OCR, then the metadata job of the background chain

    doc = await documents.get(runtime.pool, doc_id)
    assert doc is not None and doc.metadata_status is MetadataStatus.COMPLETE
    assert doc.tags == ["house"] and doc.edited_fields == ["tags"]
    assert doc.display_name and doc.summary  # the fields nobody edited were generated
