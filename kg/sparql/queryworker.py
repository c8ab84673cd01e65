"""Killable query workers for `kg serve`: every query, update and view runs in a forked worker process.

A *zygote* process (``python -m kg.sparql.queryworker``) loads the dataset once (a graph file into memory; a store
directory is opened read-only by each worker) and forks workers on the server's demand, each talking to the
server over its own socket. For every job a worker arms a real-time alarm (SIGALRM with its default action
ends the process, even inside Oxigraph's Rust code). A query past its time limit therefore really stops;
the server simply forks a fresh worker, so its worker slots always come back. Workers are reused for up to
MAX_JOBS jobs; an update runs in a worker of its own, after which every idle worker is replaced.
"""
from __future__ import annotations

import gc
import itertools
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MAX_JOBS = 500
"""Jobs a worker runs before it is replaced (bounds any slow growth of its memory)."""

GRACE = 1.0
"""Seconds the server waits past a job's time limit before it has the zygote kill the job."""


class WorkerError(Exception):
    """The worker machinery failed (the zygote could not start or died)."""


# --- framing: 4-byte header length + JSON header, 8-byte body length + body -------------------

def send_msg(sock: socket.socket, header: dict, body: bytes = b"") -> None:
    """Write one framed message."""
    head = json.dumps(header).encode("utf-8")
    sock.sendall(struct.pack("!I", len(head)) + head + struct.pack("!Q", len(body)))
    if body:
        sock.sendall(body)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the worker closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv_msg(sock: socket.socket) -> tuple[dict, bytes]:
    """Read one framed message (EOFError when the peer is gone)."""
    (hlen,) = struct.unpack("!I", _recv_exact(sock, 4))
    header = json.loads(_recv_exact(sock, hlen))
    (blen,) = struct.unpack("!Q", _recv_exact(sock, 8))
    return header, (_recv_exact(sock, blen) if blen else b"")


# --- the zygote ---------------------------------------------------------------------------------

def _zygote(ctl: socket.socket, path: Path) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which closes us
    store = None
    try:
        from rdflib.plugins.sparql import parser  # noqa: F401  (preloaded: the federation check uses it)

        from . import federation, jobs  # noqa: F401
        from .entail import add_query_view
        from .store import memory_store

        if not path.is_dir():
            store = memory_store(path)  # a snapshot: later changes to the file are not seen
            add_query_view(store)       # the set union with the hierarchy, as `kg query` on a file
        gc.collect()
        gc.freeze()  # children do not touch (and so copy) the zygote's objects when they collect garbage
        ctl.send(json.dumps({"ready": True}).encode())
    except Exception as exc:
        ctl.send(json.dumps({"ready": False, "error": str(exc)}).encode())
        return
    children: dict[int, int] = {}  # pid -> job id
    try:
        while True:
            _reap(children)
            readable, _, _ = select.select([ctl], [], [], 0.2)
            if not readable:
                continue
            msg, fds, _flags, _addr = socket.recv_fds(ctl, 65536, 1)
            if not msg:
                break  # the server is gone
            cmd = json.loads(msg)
            if cmd["op"] == "run" and fds:
                pid = os.fork()
                if pid == 0:
                    _child(ctl, fds[0], store, path)
                os.close(fds[0])
                children[pid] = cmd["id"]
            elif cmd["op"] == "kill":
                for pid, job in list(children.items()):
                    if job == cmd["id"]:
                        os.kill(pid, signal.SIGKILL)
            for fd in fds[1:]:
                os.close(fd)
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in list(children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _reap(children: dict[int, int]) -> None:
    while children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.pop(pid, None)


def _child(ctl: socket.socket, fd: int, store: object, path: Path) -> None:
    code = 0
    try:
        ctl.close()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the alarm ends this process wherever it is
        sock = socket.socket(fileno=fd)
        from .jobs import open_read_only, run_job

        for _ in range(MAX_JOBS):
            try:
                job, body = recv_msg(sock)
            except EOFError:
                break
            signal.setitimer(signal.ITIMER_REAL, max(0.01, float(job["timeout"])))
            if store is None and job["op"] != "update":
                store = open_read_only(path)  # opened once per worker, never by the one that writes
            header, out = run_job(job, body.decode("utf-8"), store, path)
            signal.setitimer(signal.ITIMER_REAL, 0)
            send_msg(sock, header, out)
            if job["op"] == "update":
                break
    except BaseException:  # nothing may escape a forked child
        code = 1
    finally:
        os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the zygote: ``python -m kg.sparql.queryworker FD PATH``."""
    args = argv if argv is not None else sys.argv[1:]
    ctl = socket.socket(fileno=int(args[0]))
    _zygote(ctl, Path(args[1]))


# --- the server side --------------------------------------------------------------------------

@dataclass
class JobResult:
    """A job's answer: its header (status, kind, message…) and body."""

    header: dict
    body: bytes


class JobTimeout(Exception):
    """The job ran past its time limit and was stopped."""


@dataclass
class _Worker:
    id: int
    sock: socket.socket
    generation: int
    jobs: int = 0


class WorkerPool:
    """The server's handle on the zygote: run jobs in forked workers within a time limit."""

    def __init__(self, path: str | Path, start_timeout: float = 300.0) -> None:
        self.path = Path(path)
        self._ctl_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._idle: list[_Worker] = []
        self._generation = 0
        self._proc: subprocess.Popen | None = None
        self._ctl: socket.socket | None = None
        self._start(start_timeout)

    def _start(self, start_timeout: float) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._proc = subprocess.Popen([sys.executable, "-m", "kg.sparql.queryworker", str(theirs.fileno()), str(self.path)],
                                      pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        ours.settimeout(start_timeout)
        try:
            msg = ours.recv(65536)
        except socket.timeout as exc:
            self._kill(ours)
            raise WorkerError(f"{self.path}: the query worker did not start within {start_timeout:g} s") from exc
        ready = json.loads(msg) if msg else {"ready": False, "error": "the query worker exited at start"}
        if not ready.get("ready"):
            self._kill(ours)
            raise WorkerError(ready.get("error") or "the query worker failed to start")
        ours.settimeout(None)
        self._ctl = ours

    def _kill(self, ctl: socket.socket) -> None:
        ctl.close()
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()

    def _take(self) -> _Worker:
        with self._ctl_lock:
            if self._ctl is None:
                raise WorkerError("the query workers are shut down")
            while self._idle:
                worker = self._idle.pop()
                if worker.generation == self._generation:
                    return worker
                worker.sock.close()
            ours, theirs = socket.socketpair()
            worker = _Worker(next(self._ids), ours, self._generation)
            try:
                socket.send_fds(self._ctl, [json.dumps({"op": "run", "id": worker.id}).encode()], [theirs.fileno()])
            except OSError as exc:
                ours.close()
                raise WorkerError(f"the query worker is gone: {exc}") from exc
            finally:
                theirs.close()
            return worker

    def run(self, job: dict, body: bytes, timeout: float) -> JobResult:
        """Run one job in a worker; raise JobTimeout (the worker is killed) when it passes ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        worker = self._take()
        keep = False
        try:
            worker.sock.settimeout(timeout + GRACE)
            try:
                send_msg(worker.sock, {**job, "timeout": timeout}, body)
                header, out = recv_msg(worker.sock)
            except (socket.timeout, EOFError, OSError) as exc:
                self._send_kill(worker.id)
                if time.monotonic() >= deadline - 0.05:
                    raise JobTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped") from exc
                raise WorkerError("the query worker died before answering (out of memory?)") from exc
            worker.jobs += 1
            keep = job["op"] != "update" and worker.jobs < MAX_JOBS
            return JobResult(header, out)
        finally:
            if keep:
                with self._ctl_lock:
                    if self._ctl is not None and worker.generation == self._generation:
                        self._idle.append(worker)
                        worker = None  # type: ignore[assignment]
            if worker is not None:
                worker.sock.close()

    def invalidate(self) -> None:
        """Replace every idle worker (after an update: they hold the store as it was when they opened it)."""
        with self._ctl_lock:
            self._generation += 1
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.sock.close()

    def _send_kill(self, job_id: int) -> None:
        with self._ctl_lock:
            if self._ctl is not None:
                try:
                    self._ctl.send(json.dumps({"op": "kill", "id": job_id}).encode())
                except OSError:
                    pass

    def close(self) -> None:
        """Stop the zygote and every worker."""
        with self._ctl_lock:
            ctl, self._ctl = self._ctl, None
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.sock.close()
        if ctl is not None:
            ctl.close()  # the zygote sees EOF, kills its children and exits
        if self._proc is not None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


if __name__ == "__main__":
    main()
