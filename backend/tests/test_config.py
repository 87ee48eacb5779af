"""Settings: providers follow the keys present, and bad combinations fail at start-up."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_defaults_are_local_everything(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path)
    assert (s.ocr_provider, s.metadata_provider, s.storage_provider, s.auth_provider) == (
        "local",
        "local",
        "local",
        "local",
    )


def test_keys_switch_providers_on(tmp_path):
    s = Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        MISTRAL_API_KEY="k1",
        ANTHROPIC_API_KEY="k2",
        SUPABASE_URL="https://x.supabase.co",
        SUPABASE_SERVICE_ROLE_KEY="srk",
    )
    assert (s.ocr_provider, s.metadata_provider, s.storage_provider, s.auth_provider) == (
        "mistral",
        "claude",
        "supabase",
        "supabase",
    )


def test_explicit_local_wins_over_keys(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path, MISTRAL_API_KEY="k1", OCR_PROVIDER="local")
    assert s.ocr_provider == "local"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"OCR_PROVIDER": "mistral"}, "needs MISTRAL_API_KEY"),
        ({"METADATA_PROVIDER": "claude"}, "needs ANTHROPIC_API_KEY"),
        ({"STORAGE_PROVIDER": "supabase"}, "needs SUPABASE_URL"),
        ({"MISTRAL_API_KEY": "changeme"}, "placeholder"),
        (
            {
                "SUPABASE_URL": "https://x.supabase.co",
                "SUPABASE_SERVICE_ROLE_KEY": "your-service-role-key",
            },
            "placeholder",
        ),
    ],
)
def test_bad_configuration_is_refused_with_a_reason(tmp_path, env, message):
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None, DATA_DIR=tmp_path, **env)


# --- Cloud Tasks dispatch ----------------------------------------------------------------------
CLOUD = {
    "TASK_DISPATCH": "cloud_tasks",
    "GCP_PROJECT_ID": "acme-docs",
    "TASKS_SERVICE_URL": "https://docstream-abc-uc.a.run.app/",
    "TASKS_SERVICE_ACCOUNT": "tasks-invoker@acme-docs.iam.gserviceaccount.com",
}


def test_default_dispatch_is_in_process_and_needs_no_google_settings(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path)
    assert s.task_dispatch == "background"
    assert (
        s.gcp_location,
        s.cloud_tasks_queue,
        s.max_retry_count,
        s.stuck_job_threshold_s,
        s.tasks_auth,
    ) == ("us-central1", "document-processing", 4, 300, "oidc")


def test_cloud_tasks_with_everything_set(tmp_path):
    s = Settings(_env_file=None, DATA_DIR=tmp_path, **CLOUD)
    assert s.tasks_service_url == "https://docstream-abc-uc.a.run.app"  # no trailing slash
    assert s.cloud_tasks_queue_path == (
        "projects/acme-docs/locations/us-central1/queues/document-processing"
    )


def test_in_cloud_tasks_mode_the_scheduler_sweeps_unless_an_interval_is_set(tmp_path):
    assert Settings(_env_file=None, DATA_DIR=tmp_path).recovery_interval_s == 30
    # Cloud Scheduler calls POST /api/tasks/sweep; no timer on a CPU-throttled instance...
    assert Settings(_env_file=None, DATA_DIR=tmp_path, **CLOUD).recovery_interval_s == 0
    # ...unless asked for (always-on CPU, VMs): SKIP LOCKED keeps both sweeps apart.
    s = Settings(_env_file=None, DATA_DIR=tmp_path, RECOVERY_INTERVAL_S=20, **CLOUD)
    assert s.recovery_interval_s == 20


@pytest.mark.parametrize(
    "unset, named",
    [
        (["GCP_PROJECT_ID"], "GCP_PROJECT_ID"),
        (["TASKS_SERVICE_URL"], "TASKS_SERVICE_URL"),
        (["TASKS_SERVICE_ACCOUNT"], "TASKS_SERVICE_ACCOUNT"),
        (["GCP_PROJECT_ID", "TASKS_SERVICE_ACCOUNT"], "GCP_PROJECT_ID, TASKS_SERVICE_ACCOUNT"),
    ],
)
def test_cloud_tasks_refuses_to_start_naming_what_is_missing(tmp_path, unset, named):
    env = {k: v for k, v in CLOUD.items() if k not in unset}
    with pytest.raises(ValidationError, match=f"TASK_DISPATCH=cloud_tasks needs {named}"):
        Settings(_env_file=None, DATA_DIR=tmp_path, **env)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"TASKS_SERVICE_URL": "docstream.example.com"}, "TASKS_SERVICE_URL must be"),
        ({"CLOUD_TASKS_EMULATOR_HOST": "127.0.0.1:9022"}, "set TASKS_AUTH=platform"),
        ({"CLOUD_TASKS_EMULATOR_HOST": "localhost", "TASKS_AUTH": "platform"}, "host:port"),
        ({"TASK_DISPATCH": "pubsub"}, "TASK_DISPATCH"),
        ({"TASKS_AUTH": "none"}, "TASKS_AUTH"),
        ({"MAX_RETRY_COUNT": "-1"}, "MAX_RETRY_COUNT"),
    ],
)
def test_bad_cloud_tasks_configuration_is_refused(tmp_path, env, message):
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None, DATA_DIR=tmp_path, **{**CLOUD, **env})


def test_emulator_mode_needs_no_service_account(tmp_path):
    env = {k: v for k, v in CLOUD.items() if k != "TASKS_SERVICE_ACCOUNT"}
    s = Settings(
        _env_file=None,
        DATA_DIR=tmp_path,
        CLOUD_TASKS_EMULATOR_HOST="127.0.0.1:9022",
        TASKS_AUTH="platform",
        **env,
    )
    assert s.cloud_tasks_emulator_host == "127.0.0.1:9022"


def test_local_sign_in_next_to_a_supabase_project_is_refused():
    with pytest.raises(ValueError, match="AUTH_PROVIDER=local cannot be used with SUPABASE_URL"):
        Settings(_env_file=None, AUTH_PROVIDER="local", SUPABASE_URL="https://p.supabase.co")


def test_the_shutdown_grace_fits_inside_cloud_runs_ten_seconds(tmp_path):
    # Cloud Run sends SIGKILL 10 s after SIGTERM; uvicorn's own graceful close (3 s) comes
    # first, then this grace, then the hand-back write.
    s = Settings(_env_file=None, DATA_DIR=tmp_path)
    assert s.shutdown_grace_s <= 8 and 3 + s.shutdown_grace_s < 10


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"OCR_CONCURRENCY": "many"}, "OCR_CONCURRENCY: Input should be a valid integer"),
        ({"TASK_DISPATCH": "cloud_tasks"}, "TASK_DISPATCH=cloud_tasks needs GCP_PROJECT_ID"),
    ],
)
def test_a_bad_setting_at_start_up_prints_one_line_and_no_traceback(tmp_path, env, said):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import PROVIDER_ENV

    backend = Path(__file__).resolve().parents[1]
    inherited = {k: v for k, v in os.environ.items() if k not in PROVIDER_ENV}
    done = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=backend,
        env={**inherited, "DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("docstream: invalid configuration: ") and said in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
