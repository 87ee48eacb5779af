"""Fixtures for the metadata agent tests: a loopback Anthropic Messages API fake."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

# `app` and `tests.fakes` import from the backend directory, however pytest was started.
_BACKEND = str(Path(__file__).resolve().parents[2])
if _BACKEND not in sys.path:
    sys.path.insert(0, _BACKEND)

import pytest  # noqa: E402

from tests.fakes.anthropic_fake import AnthropicFake  # noqa: E402


@pytest.fixture(scope="session")
def anthropic_server() -> Iterator[AnthropicFake]:
    fake = AnthropicFake().start()
    yield fake
    fake.stop()


@pytest.fixture
def anthropic(anthropic_server: AnthropicFake) -> AnthropicFake:
    """The shared fake with an empty script, no error mode and no recorded requests."""
    anthropic_server.reset()
    return anthropic_server
