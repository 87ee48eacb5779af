"""Fixtures for the metadata agent tests: a loopback Anthropic Messages API fake."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.anthropic_fake import AnthropicFake


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
