"""Metadata agents. `build_metadata_agent` picks one from the settings."""

from __future__ import annotations

from app.config import Settings
from app.metadata.base import MetadataAgent


def build_metadata_agent(settings: Settings) -> MetadataAgent:
    if settings.metadata_provider == "claude":
        from app.metadata.claude import ClaudeMetadataAgent

        return ClaudeMetadataAgent(settings)
    from app.metadata.local import LocalMetadataGenerator

    return LocalMetadataGenerator()
