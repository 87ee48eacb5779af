"""A fake Mistral OCR API (`POST /v1/ocr`) for the real `mistralai` SDK via `server_url=`.

Scriptable per test: queue failures (`then_status`), a slow answer (`then_slow`), one answer
held until the test lets it go (`block_next`), or every OCR request held, unanswered, until
`release()` (`hold()`): a test can then act (send SIGTERM, kill a process) while the work is
provably in flight, whatever the machine's speed. Once the queue is empty every request
succeeds with `pages`. Every request is recorded (path, headers, JSON body) so tests can assert
what the SDK actually sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from tests.fakes._server import LoopbackServer, Reply, json_reply

TABLE_HTML = (
    "<table><tr><th>Item</th><th>Price</th></tr><tr><td>Widget</td><td>9.99</td></tr></table>"
)

DEFAULT_PAGES: list[dict[str, Any]] = [
    {
        "index": 0,
        "markdown": "# Invoice 42\n\nACME Corp\n\n[tbl-0.html](tbl-0.html)",
        "images": [],
        "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
        "tables": [{"id": "tbl-0.html", "content": TABLE_HTML, "format": "html"}],
    },
    {
        "index": 1,
        "markdown": "Total: 9.99 EUR",
        "images": [],
        "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
        "tables": [],
    },
]

# A held request is answered at the latest after this long, so a forgotten `release()` cannot
# leave server threads behind for ever (tests fail long before on their own deadlines).
HOLD_LIMIT_S = 300.0


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class MistralFake:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.pages: list[dict[str, Any]] = DEFAULT_PAGES
        self.model = "mistral-ocr-2505"
        # `read_pdfs()`: answer a PDF sent inline with its own pages (each page's text layer),
        # refusing one of more than `max_pages` pages as the real service refuses > 1,000.
        self.reads_pdfs = False
        self.max_pages = 1000
        self.pages_sent: list[int] = []  # page count of each PDF read (with `read_pdfs`)
        self._queue: list[Reply | float] = []
        self._gates: list[threading.Event] = []  # armed by block_next(), in order
        self.blocked: list[threading.Event] = []  # gates a request is waiting on right now
        self._gate = threading.Event()
        self._gate.set()
        self._lock = threading.Lock()
        self._held = 0
        self._server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> MistralFake:
        self._server.start()
        return self

    def stop(self) -> None:
        self.release()
        self._server.stop()

    def reset(self) -> None:
        self.release()
        self.requests.clear()
        self._queue.clear()
        self.pages = DEFAULT_PAGES
        self.reads_pdfs, self.max_pages = False, 1000
        self.pages_sent.clear()

    # --- scripting -------------------------------------------------------------------------
    def then_status(
        self, status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> MistralFake:
        """The next request gets this error status (Mistral-style JSON body by default)."""
        body = body or {
            "object": "error",
            "message": f"fake error {status}",
            "type": "fake",
            "code": None,
        }
        self._queue.append(json_reply(status, body, headers))
        return self

    def read_pdfs(self, max_pages: int) -> MistralFake:
        """Read inline PDFs for real (text layer per page), at most `max_pages` a request."""
        self.reads_pdfs, self.max_pages = True, max_pages
        return self

    def _pdf_pages(self, url: str) -> Reply | list[dict[str, Any]]:
        import base64

        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(base64.b64decode(url.split(",", 1)[1]))
        try:
            count = len(pdf)
            self.pages_sent.append(count)
            if count > self.max_pages:
                return json_reply(
                    422,
                    {"detail": f"Document has {count} pages; at most {self.max_pages} allowed."},
                )
            return [
                {
                    "index": i,
                    "markdown": pdf[i].get_textpage().get_text_bounded().strip(),
                    "images": [],
                    "dimensions": {"dpi": 200, "height": 2200, "width": 1700},
                    "tables": [],
                }
                for i in range(count)
            ]
        finally:
            pdf.close()

    def then_slow(self, seconds: float) -> MistralFake:
        """The next request is answered (successfully) only after `seconds`."""
        self._queue.append(seconds)
        return self

    def block_next(self) -> threading.Event:
        """The next successful OCR request waits (in `blocked`) until the returned event is
        set: a test can then act while a caller is certainly mid-request (kill it, say)."""
        gate = threading.Event()
        self._gates.append(gate)
        return gate

    def hold(self) -> MistralFake:
        """From now on OCR requests wait, unanswered, until `release()`."""
        self._gate.clear()
        return self

    def release(self) -> MistralFake:
        """Answer every held request (each as scripted) and stop holding new ones."""
        self._gate.set()
        return self

    @property
    def held(self) -> int:
        """How many OCR requests are waiting at the gate right now."""
        with self._lock:
            return self._held

    def _wait_at_gate(self) -> None:
        if self._gate.is_set():
            return
        with self._lock:
            self._held += 1
        try:
            self._gate.wait(HOLD_LIMIT_S)
        finally:
            with self._lock:
                self._held -= 1

    # --- serving ---------------------------------------------------------------------------
    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        parsed = json.loads(body) if body else {}
        self.requests.append(Recorded(method, path, headers, parsed))
        if method != "POST" or path.split("?")[0] != "/v1/ocr":
            return json_reply(404, {"detail": "Not Found"})
        self._wait_at_gate()
        step = self._queue.pop(0) if self._queue else None
        if isinstance(step, tuple):
            return step
        if isinstance(step, float | int):
            time.sleep(step)  # this handler's own thread: the server keeps serving others
        if self._gates:
            gate = self._gates.pop(0)
            self.blocked.append(gate)
            gate.wait(timeout=120)
            self.blocked.remove(gate)
        document = parsed.get("document", {})
        url = str(document.get("document_url", ""))
        if self.reads_pdfs and url.startswith("data:application/pdf;base64,"):
            read = self._pdf_pages(url)
            if isinstance(read, tuple):
                return read
            pages = read
        else:
            pages = self.pages if document.get("type") == "document_url" else self.pages[:1]
        return json_reply(
            200,
            {
                "pages": pages,
                "model": self.model,
                "usage_info": {"pages_processed": len(pages), "doc_size_bytes": len(body)},
            },
        )
