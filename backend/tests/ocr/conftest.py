"""Fixtures for the OCR engine tests: a loopback Mistral fake shared by the session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

# `app` and `tests.fakes` import from the backend directory, however pytest was started.
_BACKEND = str(Path(__file__).resolve().parents[2])
if _BACKEND not in sys.path:
    sys.path.insert(0, _BACKEND)

import pytest  # noqa: E402

from tests.fakes.mistral_fake import MistralFake  # noqa: E402


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
