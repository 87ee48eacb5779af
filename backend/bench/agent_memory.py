"""Memory of one Claude metadata agent: the CLI process the Claude Agent SDK starts per run.

`uv run --frozen python -m bench.agent_memory [RUNS]` runs the real `ClaudeMetadataAgent`
(the SDK and its bundled CLI) against the loopback fake of the Anthropic Messages API, one
run at a time, and samples the process tree under this process every 50 ms: the peak RSS of
the CLI's tree (it is the only child) per run, and this process's own growth. This is the
figure behind `METADATA_CONCURRENCY` in docs/deploy-cloud-run.md (sizing): N agents at once
cost about N times it. Not part of `make bench` (it needs no targets, it is a measurement).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from app.config import Settings
from app.metadata.base import DocumentInfo, DocumentMetadata
from app.metadata.claude import ClaudeMetadataAgent
from bench.memory import _status_kb, tree
from tests.fakes.anthropic_fake import AnthropicFake, Text, ToolUse

OCR_TEXT = "# Invoice 42\n\nACME Corp billed 3 widgets, total 29.97 EUR, due 2026-12-01.\n" * 40
GOOD = {"display_name": "ACME invoice 42", "tags": ["invoice", "acme"], "summary": "An invoice."}


class Tools:
    async def read_ocr(self, page: int | None = None) -> str:
        return OCR_TEXT

    async def save_metadata(
        self, display_name: str, tags: list[str], summary: str
    ) -> DocumentMetadata:
        return DocumentMetadata(display_name=display_name, tags=tags, summary=summary)


async def one_run(agent: ClaudeMetadataAgent, fake: AnthropicFake) -> tuple[int, float]:
    fake.script(
        [Text("Reading."), ToolUse("read_ocr")],
        [ToolUse("save_metadata", GOOD)],
        [Text("Saved.")],
    )
    me, peak, done = os.getpid(), 0, False

    async def sample() -> None:
        nonlocal peak
        while not done:
            children = [p for p in tree(me) if p != me]
            peak = max(peak, sum(_status_kb(p, "VmRSS") for p in children))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    started = time.monotonic()
    doc = DocumentInfo(id="d", filename="invoice.pdf", mime_type="application/pdf", page_count=1)
    async for _ in agent.run(doc, Tools()):
        pass
    took = time.monotonic() - started
    done = True
    await sampler
    return peak, took


async def main(runs: int) -> None:
    fake = AnthropicFake().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                _env_file=None,
                ANTHROPIC_API_KEY="bench-key",
                ANTHROPIC_BASE_URL=fake.url,
                DATA_DIR=Path(tmp),
            )
            agent = ClaudeMetadataAgent(settings, max_api_retries=0)
            before = _status_kb(os.getpid(), "VmRSS")
            for i in range(runs):
                peak, took = await one_run(agent, fake)
                print(f"run {i + 1}: CLI tree peak RSS {peak / 1024:.0f} MiB, {took:.1f} s")
            after = _status_kb(os.getpid(), "VmRSS")
            print(f"this process: {before / 1024:.0f} -> {after / 1024:.0f} MiB RSS")
    finally:
        fake.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
