"""What a person's corrections of senders leave behind (`store/edits.py`): the sender they
set, and the name the engine had read there before, which the first correction records and
later ones keep; only the owner's other documents count."""

from __future__ import annotations

import json
import uuid

from app.domain import SenderCorrection
from app.metadata.facts import FactName, person_fact_json
from app.store import edits
from tests import files
from tests.pipeline.helpers import create_document, create_user


def _generated(value: str) -> dict[str, object]:
    fact = {"value": value, "page": 1, "quote": value, "confidence": 0.8, "source": "local"}
    return {"correspondent": fact}


async def _correct(db, user_id: str, doc_id: uuid.UUID, sender: str | None) -> None:
    async with db.acquire() as conn:
        changes = {"facts": {"correspondent": person_fact_json(FactName.CORRESPONDENT, sender)}}
        assert await edits.update_metadata(conn, user_id, doc_id, changes) is not None


async def test_a_correction_keeps_the_name_the_engine_had_read(runtime, db):
    owner = await create_user(db)
    first = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    other = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    await db.execute(
        "update documents set facts = $2::jsonb where id = $1",
        first,
        _generated("Müller Haustechnik GmbH"),
    )
    await _correct(db, owner, first, "Stadtwerke Lindenau")
    stored = await db.fetchval("select facts->'correspondent' from documents where id = $1", first)
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert stored["value"] == "Stadtwerke Lindenau" and stored["source"] == "person"
    assert stored["replaced"] == "Müller Haustechnik GmbH"

    # a second correction keeps what the engine first read, not the person's earlier word
    await _correct(db, owner, first, "Stadtwerke Lindenau AöR")
    assert await edits.sender_corrections(db, other) == [
        SenderCorrection("Stadtwerke Lindenau AöR", "Müller Haustechnik GmbH")
    ]
    # removing the sender is a correction too; a document's own correction is not its memory
    await _correct(db, owner, first, None)
    assert await edits.sender_corrections(db, other) == [
        SenderCorrection(None, "Müller Haustechnik GmbH")
    ]
    assert await edits.sender_corrections(db, first) == []

    # another user's corrections are not this user's
    stranger = await create_user(db)
    theirs = uuid.UUID(await create_document(runtime, stranger, files.bill_pdf()))
    assert await edits.sender_corrections(db, theirs) == []
    await db.execute("delete from documents where id = any($1)", [first, other, theirs])


async def test_a_sender_set_where_the_engine_read_none_replaces_nothing(runtime, db):
    owner = await create_user(db)
    doc = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    other = uuid.UUID(await create_document(runtime, owner, files.bill_pdf()))
    await _correct(db, owner, doc, "Gartenbau Klee")
    assert await edits.sender_corrections(db, other) == [SenderCorrection("Gartenbau Klee", None)]
    await db.execute("delete from documents where id = any($1)", [doc, other])
