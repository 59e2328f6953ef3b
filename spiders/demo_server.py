"""Serve the bundled sample sites (spiders/demo_site) on loopback, plus pages that misbehave."""

from __future__ import annotations

import mimetypes
import os
import sys
import threading
from collections import Counter
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEMO_SITE = Path(__file__).resolve().parent / "demo_site"
TEMPLATED = {".xml", ".json", ".html", ".txt", ".yml"}
BIG_PAGE_BYTES = 12 * 1024 * 1024
SLOW_SECONDS = 5.0


class DemoSite:
    """A threaded HTTP server on 127.0.0.1 at a free port; use as a context manager."""

    def __init__(self, root: Path = DEMO_SITE, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = root
        self.stop = threading.Event()
        self.hits: Counter[str] = Counter()  # path → requests served, for exactly-once checks
        handler = type(
            "Handler",
            (_Handler,),
            {"root": root, "_stop": self.stop, "_hits": self.hits, "_lock": threading.Lock()},
        )
        self.server = _QuietServer((host, port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> DemoSite:
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()  # release slow answers at once
        self.server.shutdown()
        self.server.server_close()

    def sources_yaml(self) -> str:
        """The demo's sources file with this server's address filled in."""
        text = (self.root / "sources.yml").read_text(encoding="utf-8")
        return text.replace("{{BASE}}", self.base)


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up (the crawler giving up on the slow page) is no error of the site:
    no traceback on the demo's screen; anything else is still reported."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    root: Path
    _stop: threading.Event
    _hits: Counter[str]
    _lock: threading.Lock
    server_version = "leadradar-demo/1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read stats, not logs
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self._lock:
            self._hits[path] += 1
        if path.startswith("/faults/"):
            self._fault(path.removeprefix("/faults/"))
            return
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root.resolve()) or not target.is_file():
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        body = target.read_bytes()
        if target.suffix in TEMPLATED and not target.name.startswith("gbk_"):
            base = f"http://{self.headers.get('Host', '127.0.0.1')}"
            body = body.replace(b"{{BASE}}", base.encode())
        self._send(HTTPStatus.OK, body, self._content_type(target))

    def _content_type(self, target: Path) -> str:
        if target.name.startswith("gbk_"):
            return "text/html; charset=utf-8"  # deliberately wrong: the page is GBK
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return (
            f"{kind}; charset=utf-8"
            if kind.startswith("text/") or target.suffix in TEMPLATED
            else kind
        )

    def _fault(self, name: str) -> None:
        if name == "500":
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"boom", "text/plain")
        elif name == "loop":  # a chain of new URLs, so only the redirect limit stops it
            hop = int(parse_qs(urlsplit(self.path).query).get("n", ["0"])[0] or 0)
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"/faults/loop?n={hop + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif name == "big.html":
            self._send(HTTPStatus.OK, b"<html><body>" + b"x" * BIG_PAGE_BYTES, "text/html")
        elif name == "doc.pdf":
            self._send(HTTPStatus.OK, b"%PDF-1.4\n" + os.urandom(2048), "application/pdf")
        elif name == "slow.html":
            # answers after the crawler's timeout in tests (which set DOWNLOAD_TIMEOUT low)
            self._stop.wait(SLOW_SECONDS)
            self._send(HTTPStatus.OK, b"<html><body>late</body></html>", "text/html")
        elif name == "noise.html":
            self._send(HTTPStatus.OK, os.urandom(64 * 1024), "text/html")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"no such fault", "text/plain")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return
