"""`make bench`: measure the speed targets in docs/targets.md and report them.

Benchmarks report; they never gate. Timing on a shared 2-core machine is noisy, which is why
none of this is part of `make test` (only a smoke test of the in-process OCR module is).

Modules, one per target:
- `upload_ack`      upload acknowledgement latency (and peak memory of the API) under load
- `loop_lag`        event-loop lag while OCR runs, as an upper bound measured over HTTP
- `status_events`   database commit → SSE `change` event latency
- `ocr_throughput`  the local OCR engine in-process: text-layer pages/s, scanned s/page
"""
