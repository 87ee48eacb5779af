"""ClaudeMetadataAgent through the real claude-agent-sdk and its bundled CLI, against a loopback
fake of the Anthropic Messages API. Each run starts the CLI (about a second)."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.domain import EInvoice, LayoutHints
from app.errors import PermanentError, TransientError
from app.metadata.base import AgentEvent, DocumentInfo, DocumentMetadata, TextEvent, ToolEvent
from app.metadata.claude import ClaudeMetadataAgent
from app.metadata.facts import DocumentType, FactName, Facts, FactSource, Total
from app.metadata.local_correspondent_known import SenderMemory
from tests.fakes.anthropic_fake import AnthropicFake, Text, ToolUse

OCR_TEXT = "# Invoice 42\n\nACME Corp billed 3 widgets, total 29.97 EUR, due 2026-12-01."
DOC = DocumentInfo(id="doc-1", filename="invoice-42.pdf", mime_type="application/pdf", page_count=1)
GOOD = {
    "display_name": "ACME invoice 42",
    "tags": ["Invoice", "acme"],
    "summary": "An invoice from ACME.",
}
OUR_TOOLS = {
    "mcp__docstream__read_ocr",
    "mcp__docstream__read_vocabulary",
    "mcp__docstream__save_metadata",
}


class FakeTools:
    """Our own `MetadataTools` interface, validating like the real one, recording calls."""

    def __init__(
        self,
        pages: list[str] | None = None,
        vocabulary: list[str] | None = None,
        senders: list[str] | None = None,
    ):
        self.pages = pages or [OCR_TEXT]
        self.vocabulary = vocabulary or []
        self.senders = senders or []
        self.reads: list[int | None] = []
        self.save_attempts = 0
        self.saved: DocumentMetadata | None = None
        self.facts: Facts | None = None
        self.language: str | None = None

    async def read_ocr(self, page: int | None = None) -> str:
        self.reads.append(page)
        return "\n\n---\n\n".join(self.pages) if page is None else self.pages[page - 1]

    async def read_page_text(self, page: int) -> str | None:
        return self.pages[page - 1] if 1 <= page <= len(self.pages) else None

    async def read_vocabulary(self) -> list[str]:
        return self.vocabulary

    async def read_senders(self) -> SenderMemory:
        return SenderMemory(tuple(self.senders), ("Jane Roe",))

    async def save_metadata(
        self,
        display_name: str,
        tags: list[str],
        summary: str,
        *,
        facts: Facts | None = None,
        language: str | None = None,
    ) -> DocumentMetadata:
        self.save_attempts += 1
        meta = DocumentMetadata(display_name=display_name, tags=tags, summary=summary)  # may raise
        self.saved, self.facts, self.language = meta, facts, language
        return meta


def make_agent(fake: AnthropicFake, tmp_path: Path, **extra: Any) -> ClaudeMetadataAgent:
    settings = Settings(
        ANTHROPIC_API_KEY="test-anthropic-key",
        ANTHROPIC_BASE_URL=fake.url,
        CLAUDE_MODEL="claude-test-model",
        DATA_DIR=tmp_path,
        **extra,
    )
    return ClaudeMetadataAgent(settings, max_api_retries=0)


async def collect(agent: ClaudeMetadataAgent, tools: FakeTools) -> list[AgentEvent]:
    return [event async for event in agent.run(DOC, tools)]


def tool_results(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The tool_result blocks the CLI sent back to the model in one request."""
    return [
        block
        for message in request["messages"]
        if message["role"] == "user"
        for block in (message["content"] if isinstance(message["content"], list) else [])
        if block.get("type") == "tool_result"
    ]


def cli_children() -> list[int]:
    """Our child processes that are the Claude Code CLI (to prove none is left running)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"claude" in cmdline:
            pids.append(int(entry.name))
    return pids


def result_text(block: dict[str, Any]) -> str:
    content = block.get("content")
    return (
        content if isinstance(content, str) else " ".join(c.get("text", "") for c in content or [])
    )


async def test_agent_reads_the_ocr_then_saves_metadata(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    anthropic.script(
        [Text("Let me read the document."), ToolUse("read_ocr")],
        [ToolUse("save_metadata", GOOD)],
        [Text("Saved the metadata.")],
    )
    tools = FakeTools()
    events = await collect(make_agent(anthropic, tmp_path), tools)

    # The second read is the language, which the model did not give, detected from the text.
    assert tools.reads == [None, None] and tools.language == "en"
    assert tools.saved is not None
    assert tools.saved.display_name == GOOD["display_name"]
    # "Invoice" is the document's type, a fact: not a tag unless the user files by it.
    assert tools.saved.tags == ["acme"]
    assert tools.facts == {}
    assert events[0].type == "status"
    assert [e.tool for e in events if isinstance(e, ToolEvent)] == ["read_ocr", "save_metadata"]
    texts = [e.text for e in events if isinstance(e, TextEvent)]
    assert texts == ["Let me read the document.", "Saved the metadata."]

    assert len(anthropic.requests) == 3
    first = anthropic.requests[0]
    assert {t["name"] for t in first["tools"]} == OUR_TOOLS  # no shell, files or web tools
    assert first["model"] == "claude-test-model"
    assert first["stream"] is True
    assert anthropic.request_headers[0]["x-api-key"] == "test-anthropic-key"
    assert "invoice-42.pdf" in json.dumps(first["messages"])
    # The tools' answers really went back to the model.
    [read_result] = tool_results(anthropic.requests[1])
    assert OCR_TEXT in result_text(read_result)
    [save_result] = tool_results(anthropic.requests[2])[-1:]
    assert not save_result.get("is_error") and "ACME invoice 42" in result_text(save_result)


PAGES = [
    "# Harbourside Plumbing Ltd\n\nInvoice\n\nInvoice number: HP-2026-0412\n\n"
    "Invoice date: 12 April 2026",
    "Replacement of the boiler pump.\n\nTotal due: 318.40 EUR\n\nPlease pay by 30 April 2026.",
]


def fact(value: object, page: int, quote: str, confidence: float = 0.9) -> dict[str, object]:
    return {"value": value, "page": page, "quote": quote, "confidence": confidence}


async def test_facts_are_stored_with_their_quotes_and_a_quote_not_on_its_page_is_dropped(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    facts = {
        "document_type": fact("invoice", 1, "Invoice"),
        "correspondent": fact("Harbourside Plumbing Ltd", 1, "Harbourside Plumbing Ltd"),
        "document_date": fact("2026-04-12", 1, "Invoice date: 12 April 2026"),
        "total": fact({"amount": "318.40", "currency": "EUR"}, 2, "Total due: 318.40 EUR"),
        # On page 1, not on the page cited: dropped.
        "reference": fact("HP-2026-0412", 2, "Invoice number: HP-2026-0412"),
        # Words that are on no page at all: dropped.
        "due_date": fact("2026-05-30", 2, "Payable by 30 May 2026"),
    }
    anthropic.script(
        [ToolUse("read_ocr"), ToolUse("read_vocabulary")],
        [ToolUse("save_metadata", {**GOOD, "facts": facts, "language": "en"})],
        [Text("Saved.")],
    )
    tools = FakeTools(PAGES, vocabulary=["house", "Plumbing"], senders=["Harbourside Plumbing"])
    await collect(make_agent(anthropic, tmp_path), tools)

    assert tools.facts is not None and tools.language == "en"
    assert set(tools.facts) == {
        FactName.DOCUMENT_TYPE,
        FactName.CORRESPONDENT,
        FactName.DOCUMENT_DATE,
        FactName.TOTAL,
    }
    assert all(f.source is FactSource.CLAUDE for f in tools.facts.values())
    total = tools.facts[FactName.TOTAL]
    assert total.value == Total(Decimal("318.40"), "EUR")
    assert (total.page, total.quote, total.confidence) == (2, "Total due: 318.40 EUR", 0.9)
    assert tools.facts[FactName.DOCUMENT_TYPE].value is DocumentType.INVOICE
    assert tools.facts[FactName.DOCUMENT_DATE].value == dt.date(2026, 4, 12)
    # The model is told what was not stored, and why.
    [save_result] = tool_results(anthropic.requests[2])[-1:]
    said = result_text(save_result)
    assert not save_result.get("is_error")
    assert "reference: dropped, its quote is not on page 2" in said
    assert "due_date: dropped" in said
    # The vocabulary went to the model through its tool.
    vocabulary_result = [
        b for b in tool_results(anthropic.requests[1]) if "house" in result_text(b)
    ]
    assert vocabulary_result and "Plumbing" in result_text(vocabulary_result[0])
    # with the senders the user filed before, and what to do with them
    said = result_text(vocabulary_result[0])
    assert "Senders the user filed before" in said and "\nHarbourside Plumbing" in said
    assert "not the sender" in said and "\nJane Roe" in said


async def test_tags_reuse_the_users_vocabulary_and_add_at_most_three(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    tags = ["Houses", "Rechnung", "plumbing", "boiler", "pump", "valves", "heating"]
    anthropic.script(
        [ToolUse("read_vocabulary")],
        [ToolUse("save_metadata", {**GOOD, "tags": tags, "language": "en"})],
        [Text("Saved.")],
    )
    tools = FakeTools(PAGES, vocabulary=["house", "Invoices"])
    await collect(make_agent(anthropic, tmp_path), tools)
    assert tools.saved is not None
    # The user's spelling of their tags first ("Rechnung" is their "Invoices"), then three new.
    assert tools.saved.tags == ["house", "invoices", "plumbing", "boiler", "pump"]


async def test_only_the_document_type_as_tags_goes_back_as_an_error(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    anthropic.script(
        [ToolUse("save_metadata", {**GOOD, "tags": ["invoice"], "language": "en"})],
        [ToolUse("save_metadata", {**GOOD, "tags": ["invoice", "plumbing"], "language": "en"})],
        [Text("Saved.")],
    )
    tools = FakeTools(PAGES)
    await collect(make_agent(anthropic, tmp_path), tools)
    assert tools.save_attempts == 1 and tools.saved is not None
    assert tools.saved.tags == ["plumbing"]
    rejected = tool_results(anthropic.requests[1])[-1]
    assert rejected.get("is_error") is True
    assert "document type is a fact" in result_text(rejected)


async def test_invalid_metadata_goes_back_to_the_model_as_a_tool_error(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    anthropic.script(
        [ToolUse("read_ocr", {"page": 1})],
        [ToolUse("save_metadata", {**GOOD, "tags": []})],
        [ToolUse("save_metadata", GOOD)],
        [Text("Done.")],
    )
    tools = FakeTools()
    await collect(make_agent(anthropic, tmp_path), tools)

    assert tools.reads[0] == 1  # then whole-text reads, for the language the model left out
    assert tools.save_attempts == 1  # the empty tags never reached the store
    assert tools.saved is not None and tools.saved.display_name == "ACME invoice 42"
    rejected = tool_results(anthropic.requests[2])[-1]
    assert rejected.get("is_error") is True
    assert "tags" in result_text(rejected) and "nothing was saved" in result_text(rejected)


async def test_agent_that_never_saves_leaves_nothing_saved(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    anthropic.script([Text("I would rather not.")])
    tools = FakeTools()
    events = await collect(make_agent(anthropic, tmp_path), tools)

    # No exception: the pipeline turns "no save_metadata" into the error event.
    assert tools.saved is None and tools.save_attempts == 0
    assert [e.type for e in events] == ["status", "text"]


@pytest.mark.parametrize(
    ("status", "error_type", "message", "error", "expected"),
    [
        (
            401,
            "authentication_error",
            "invalid x-api-key",
            PermanentError,
            "The AI service refused this server's key, so no title, tags or summary could be "
            "made. Whoever runs the server needs to check it.",
        ),
        (
            529,
            "overloaded_error",
            "Overloaded",
            TransientError,
            "The AI service is unavailable or overloaded (HTTP 529): Overloaded.",
        ),
        (
            500,
            "api_error",
            "Internal server error",
            TransientError,
            "The AI service is unavailable or overloaded (HTTP 500): Internal server error.",
        ),
    ],
)
async def test_api_error_is_raised_with_a_readable_message(
    anthropic: AnthropicFake,
    tmp_path: Path,
    status: int,
    error_type: str,
    message: str,
    error: type[Exception],
    expected: str,
) -> None:
    anthropic.fail(status, error_type, message)
    tools = FakeTools()
    with pytest.raises(error) as caught:
        await collect(make_agent(anthropic, tmp_path), tools)
    assert str(caught.value) == expected
    assert tools.saved is None


async def test_overall_timeout_is_transient(anthropic: AnthropicFake, tmp_path: Path) -> None:
    anthropic.script([ToolUse("read_ocr")], [ToolUse("save_metadata", GOOD)])
    with pytest.raises(TransientError, match=r"did not finish within 0\.2 s"):
        await collect(make_agent(anthropic, tmp_path, CLAUDE_TIMEOUT_S=0.2), FakeTools())
    assert cli_children() == []  # the CLI was stopped, not orphaned


async def test_consumer_leaving_early_stops_the_cli(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    anthropic.script([ToolUse("read_ocr")], [ToolUse("save_metadata", GOOD)], [Text("Done.")])
    run = make_agent(anthropic, tmp_path).run(DOC, FakeTools())
    async for event in run:
        if isinstance(event, ToolEvent):
            break  # e.g. the browser closed the Regenerate stream
    await run.aclose()
    assert cli_children() == []


def test_cli_is_locked_down(
    anthropic: AnthropicFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Options checked directly: what the fake cannot see (settings files, env of the CLI)."""
    monkeypatch.setenv("MISTRAL_API_KEY", "must-not-leak")
    agent = make_agent(anthropic, tmp_path, CLAUDE_MAX_TURNS=4)
    options = agent._options(server=None, config_dir="/tmp/private-dir")
    assert options.tools == [] and options.setting_sources == []
    assert set(options.allowed_tools) == OUR_TOOLS
    assert options.max_turns == 4 and options.permission_mode == "dontAsk"
    assert options.env["CLAUDE_CONFIG_DIR"] == "/tmp/private-dir"
    assert options.env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] == "1"
    assert options.env["ANTHROPIC_API_KEY"] == "test-anthropic-key"
    assert options.env["ANTHROPIC_BASE_URL"] == anthropic.url
    assert options.env["ENABLE_TOOL_SEARCH"] == "false"
    assert options.env["MISTRAL_API_KEY"] == ""  # blanked over the inherited environment


class ToolsWithoutPages(FakeTools):
    """Tools that cannot give a page's bare text: no quote can be checked."""

    read_page_text = None  # type: ignore[assignment]


async def test_facts_whose_quotes_cannot_be_checked_are_not_stored(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    facts = {"document_type": fact("invoice", 1, "Invoice")}
    anthropic.script(
        [ToolUse("save_metadata", {**GOOD, "facts": facts, "language": "en"})],
        [Text("Saved.")],
    )
    tools = ToolsWithoutPages(PAGES)
    await collect(make_agent(anthropic, tmp_path), tools)
    assert tools.saved is not None and tools.facts == {}


class ToolsWithEInvoice(FakeTools):
    """The pipeline's tools for a PDF that carries its invoice as XML (`read_layout`)."""

    def __init__(self, invoice: EInvoice, **kwargs: Any):
        super().__init__(PAGES, **kwargs)
        self.invoice = invoice

    async def read_layout(self) -> LayoutHints:
        return LayoutHints(e_invoice=self.invoice)


async def test_an_attached_e_invoices_data_wins_over_the_agents_reading(
    anthropic: AnthropicFake, tmp_path: Path
) -> None:
    """The agent misreads the number and the total; the XML the PDF carries states them, and
    the pages print them: stored from the XML (quoted from its line, source local); what the
    XML does not state stays the agent's; a sender the person filed stays as they spell it."""
    facts = {
        "document_type": fact("invoice", 1, "Invoice"),
        "correspondent": fact("Harbourside Plumbing", 1, "Harbourside Plumbing Ltd"),
        "reference": fact("HP-2026-04", 1, "Invoice number: HP-2026-0412"),
        "total": fact({"amount": "31.84", "currency": "EUR"}, 2, "Total due: 318.40 EUR"),
    }
    anthropic.script(
        [ToolUse("read_ocr")],
        [ToolUse("save_metadata", {**GOOD, "facts": facts, "language": "en"})],
        [Text("Saved.")],
    )
    invoice = EInvoice(
        number="HP-2026-0412",
        issued=dt.date(2026, 4, 12),
        seller="Harbourside Plumbing Ltd",
        total=Decimal("318.40"),
        currency="EUR",
        due=dt.date(2027, 1, 1),  # printed on no page: not taken
    )
    tools = ToolsWithEInvoice(invoice, senders=["Harbourside Plumbing"])
    await collect(make_agent(anthropic, tmp_path), tools)

    assert tools.facts is not None
    reference, total = tools.facts[FactName.REFERENCE], tools.facts[FactName.TOTAL]
    assert (reference.value, reference.source, reference.page) == (
        "HP-2026-0412",
        FactSource.LOCAL,
        1,
    )
    assert reference.quote == "Invoice number: HP-2026-0412"
    assert (total.value, total.page, total.quote) == (
        Total(Decimal("318.40"), "EUR"),
        2,
        "Total due: 318.40 EUR",
    )
    assert tools.facts[FactName.DOCUMENT_DATE].value == dt.date(2026, 4, 12)
    assert FactName.DUE_DATE not in tools.facts
    assert tools.facts[FactName.DOCUMENT_TYPE].source is FactSource.CLAUDE
    assert tools.facts[FactName.CORRESPONDENT].value == "Harbourside Plumbing"
    assert tools.facts[FactName.CORRESPONDENT].source is FactSource.CLAUDE
