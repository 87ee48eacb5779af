"""Fixtures for the OCR engine tests: a loopback Mistral fake shared by the session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from app.ocr.local_worker import init_worker
from app.workers import WorkerPool
from tests.fakes.mistral_fake import MistralFake


@pytest.fixture(scope="module")
def workers() -> Iterator[WorkerPool]:
    """Two real worker processes (Tesseract runs in them), per test module."""
    pool = WorkerPool(2, initializer=init_worker)
    yield pool
    pool.shutdown()


@pytest.fixture(scope="package", autouse=True)
def _remove_engine_roots() -> Iterator[None]:
    """Every local engine's data dir (made by `test_local.make_engine`, which other modules of
    this package use too) goes when the package is done: tests leave nothing behind."""
    yield
    from tests.ocr.test_local import _ROOTS

    while _ROOTS:
        shutil.rmtree(_ROOTS.pop(), ignore_errors=True)


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
