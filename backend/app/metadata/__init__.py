"""Metadata agents. `build_metadata_agent` picks one from the settings."""

from __future__ import annotations

from app.config import Settings
from app.metadata.base import MetadataAgent
from app.workers import WorkerPool


def build_metadata_agent(settings: Settings, workers: WorkerPool | None = None) -> MetadataAgent:
    """The configured agent. The local one computes in `workers` (out of the API process,
    so its CPU never competes with the event loop for the GIL) when they are given."""
    if settings.metadata_provider == "claude":
        from app.metadata.claude import ClaudeMetadataAgent

        return ClaudeMetadataAgent(settings)
    from app.metadata.local import LocalMetadataGenerator

    return LocalMetadataGenerator(workers)
