"""A throw-away Virtuoso server for tests: minimal virtuoso.ini in a temporary directory, loopback ports."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M
DirsAllowed = ., {d}
ThreadCleanupInterval = 0
ResourcesCleanupInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 20
MaxKeepAlives = 10
KeepAliveTimeout = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
"""


def virtuoso_binary() -> str | None:
    """The virtuoso-t binary of Debian's virtuoso-opensource-7-bin, if installed."""
    return shutil.which("virtuoso-t") or (
        "/usr/bin/virtuoso-t" if os.access("/usr/bin/virtuoso-t", os.X_OK) else None)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    """A running Virtuoso: its SPARQL query endpoint and digest-authenticated update endpoint (dba/dba)."""

    proc: subprocess.Popen
    directory: Path
    http_port: int
    user: str = "dba"
    password: str = "dba"

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def sparql_auth(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def log(self) -> str:
        p = self.directory / "virtuoso.log"
        return p.read_text(errors="replace")[-3000:] if p.exists() else ""

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait for it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_virtuoso(directory: Path, timeout: float = 90) -> Virtuoso:
    """Start virtuoso-t in the foreground on free loopback ports and wait until /sparql answers."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t not found (Debian package virtuoso-opensource-7-bin)")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, sql_port=sql_port, http_port=http_port))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Virtuoso(proc, directory, http_port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}: {server.log()}")
        try:
            r = httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=2,
                          headers={"Accept": "application/sparql-results+json"})
            if r.status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"Virtuoso did not answer within {timeout} s: {server.log()}")
