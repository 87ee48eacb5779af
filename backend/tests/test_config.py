"""Settings: providers follow the keys present, and bad combinations fail at start-up."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_defaults_are_local_everything(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path)
    assert (s.ocr_provider, s.metadata_provider, s.storage_provider, s.auth_provider) == (
        "local", "local", "local", "local")


def test_keys_switch_providers_on(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path, MISTRAL_API_KEY="k1", ANTHROPIC_API_KEY="k2",
                 SUPABASE_URL="https://x.supabase.co", SUPABASE_SERVICE_ROLE_KEY="srk")
    assert (s.ocr_provider, s.metadata_provider, s.storage_provider, s.auth_provider) == (
        "mistral", "claude", "supabase", "supabase")


def test_explicit_local_wins_over_keys(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path, MISTRAL_API_KEY="k1", OCR_PROVIDER="local")
    assert s.ocr_provider == "local"


@pytest.mark.parametrize("env, message", [
    ({"OCR_PROVIDER": "mistral"}, "needs MISTRAL_API_KEY"),
    ({"METADATA_PROVIDER": "claude"}, "needs ANTHROPIC_API_KEY"),
    ({"STORAGE_PROVIDER": "supabase"}, "needs SUPABASE_URL"),
    ({"MISTRAL_API_KEY": "changeme"}, "placeholder"),
    ({"SUPABASE_URL": "https://x.supabase.co", "SUPABASE_SERVICE_ROLE_KEY": "your-service-role-key"},
     "placeholder"),
])
def test_bad_configuration_is_refused_with_a_reason(tmp_path, env, message):
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None, DATA_DIR=tmp_path, **env)


def test_local_sign_in_next_to_a_supabase_project_is_refused():
    with pytest.raises(ValueError, match="AUTH_PROVIDER=local cannot be used with SUPABASE_URL"):
        Settings(_env_file=None, AUTH_PROVIDER="local", SUPABASE_URL="https://p.supabase.co")
