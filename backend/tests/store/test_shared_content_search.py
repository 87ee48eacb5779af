"""A copy that shares its original's OCR result (`content_of`) is searched by that text, also
after the text changes (the original read again in a chosen language, which the copy then
shows too). Real PostgreSQL: the search rows are kept by the database's triggers."""

from __future__ import annotations

import uuid

from app.store import documents
from app.store import uploads as upload_store
from tests import files
from tests.pipeline.helpers import create_document, create_user


async def _found(db, document_id: uuid.UUID | str, word: str) -> bool:
    return bool(
        await db.fetchval(
            """select exists (select from document_search where document_id = $1
                 and text_vector @@ plainto_tsquery('public.docstream', $2)
                 and vector @@ plainto_tsquery('public.docstream', $2))""",
            document_id,
            word,
        )
    )


async def test_a_copy_is_found_by_its_originals_new_text(runtime, db):
    owner = await create_user(db)
    root_id = await create_document(runtime, owner, files.bill_pdf())
    await db.execute("delete from document_jobs where document_id = $1", root_id)
    await db.execute(
        "update documents set status = 'ocr_complete', page_count = 1 where id = $1", root_id
    )
    await db.execute(
        """insert into ocr_results (document_id, user_id, text, pages, page_count, model,
                                    processing_time_ms)
           values ($1, $2, 'harbour invoice', '[]'::jsonb, 1, 'local', 1)""",
        root_id,
        owner,
    )
    root = await documents.get(db, uuid.UUID(root_id))
    assert root is not None
    async with db.acquire() as conn, conn.transaction():
        copy = await upload_store.insert_duplicate(
            conn,
            document_id=uuid.uuid4(),
            original=root,
            filename="again.pdf",
            mime_type="application/pdf",
        )
    # Found by the text it shows at once, though its original has no title, tags or summary.
    assert copy.content_of == root.id and await _found(db, copy.id, "harbour")

    # The original is read again: its text changes, and so does what finds the copy.
    await db.execute(
        "update ocr_results set text = 'quokka rechnung' where document_id = $1", root_id
    )
    assert await _found(db, root_id, "quokka") and not await _found(db, root_id, "harbour")
    assert await _found(db, copy.id, "quokka")
    assert not await _found(db, copy.id, "harbour")
    await db.execute("delete from documents where id = any($1::uuid[])", [copy.id, root.id])
