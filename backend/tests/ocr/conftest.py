"""Fixtures for the OCR engine tests: a loopback Mistral fake shared by the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.mistral_fake import MistralFake


@pytest.fixture(scope="session")
def mistral_server() -> Iterator[MistralFake]:
    fake = MistralFake().start()
    yield fake
    fake.stop()


@pytest.fixture
def mistral(mistral_server: MistralFake) -> MistralFake:
    """The shared fake, with no scripted failures and no recorded requests."""
    mistral_server.reset()
    return mistral_server
