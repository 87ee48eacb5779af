"""A worker whose API process is gone (killed) exits quietly: no traceback in `make run`'s log."""

from __future__ import annotations

import multiprocessing

from app.workers import _worker_main
from tests.pipeline import worker_tasks as tasks


def test_a_worker_whose_parent_is_gone_exits_without_a_traceback(tmp_path, capfd):
    # `spawn`, not the pool's forkserver: the worker then writes to this test's stderr.
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    worker = context.Process(target=_worker_main, args=(child, 1024, None), daemon=True)
    worker.start()
    child.close()
    release = tmp_path / "release"
    parent.send((tasks.wait_for_file, (str(release),), 30))
    parent.close()  # the API is gone while the worker is busy: its reply has nowhere to go
    release.touch()
    worker.join(60)
    assert worker.exitcode == 0
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
