"""`kg push` against endpoints that answer too slowly: a per-request and a whole-push time limit."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401
from kg.cli.app import app
from kg.sparql.push import PushError, push

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"


class SlowServer:
    """An HTTP server on 127.0.0.1: ``trickle`` sends one header line every 0.4 s (for at most 8 s);
    otherwise each request is answered 204 after ``delay`` seconds."""

    def __init__(self, trickle: bool, delay: float = 0.0) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/update"
        self.trickle, self.delay, self.requests = trickle, delay, 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                while not self._stop.is_set():
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)
                    while len(rest) < length:
                        rest += conn.recv(65536)
                    self.requests += 1
                    if self.trickle:
                        conn.sendall(b"HTTP/1.1 200 OK\r\n")
                        t0 = time.monotonic()
                        while not self._stop.is_set() and time.monotonic() - t0 < 8:
                            conn.sendall(b"X-Wait: still working\r\n")
                            time.sleep(0.4)
                        conn.sendall(b"Content-Length: 0\r\n\r\n")
                        return
                    time.sleep(self.delay)
                    conn.sendall(b"HTTP/1.1 204 No Content\r\n\r\n")
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        self.thread.join(5)
        self.sock.close()


def test_a_trickling_endpoint_cannot_keep_push_running():
    srv = SlowServer(trickle=True)
    try:
        t0 = time.monotonic()
        with pytest.raises(PushError, match="within the --timeout 1.5 s") as info:
            push(SAMPLE, srv.url, timeout=1.5)
        took = time.monotonic() - t0
        print(f"trickling endpoint: push stopped after {took:.2f} s")
        assert took < 4
        assert "nothing was pushed" in str(info.value)
    finally:
        srv.close()


def test_the_whole_push_has_a_deadline():
    srv = SlowServer(trickle=False, delay=0.3)
    try:
        t0 = time.monotonic()
        with pytest.raises(PushError, match="--deadline 1.5 s") as info:
            push(SAMPLE, srv.url, batch_size=10, timeout=5, deadline=1.5)
        took = time.monotonic() - t0
        assert took < 3
        assert "INCOMPLETE" in str(info.value) and srv.requests >= 2
    finally:
        srv.close()


def test_cli_push_time_limits():
    srv = SlowServer(trickle=True)
    try:
        t0 = time.monotonic()
        r = CliRunner().invoke(app, ["push", str(SAMPLE), "--endpoint", srv.url, "--timeout", "5", "--deadline", "1"])
        assert r.exit_code == 1 and "--deadline 1 s" in r.stderr, r.output
        assert time.monotonic() - t0 < 4
        r = CliRunner().invoke(app, ["push", str(SAMPLE), "--endpoint", srv.url, "--timeout", "0"])
        assert r.exit_code == 1 and "must be positive" in r.stderr
    finally:
        srv.close()
