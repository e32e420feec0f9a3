"""The scheduler's work at scale: one deadline scan, and the outbox delivered to an SMTP sink."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.generate import NOW
from bench.web import free_port
from db.engine import make_engine, make_session_factory
from notifications.mail import mailer_from_env
from notifications.outbox import deliver
from workflow.services import Due, FixedClock, UnitOfWork, enqueue, scan


@dataclass
class Ops:
    scan_seconds: float  # the median of SCANS scans, wall time
    due: int
    queued: int
    enqueue_seconds: float
    sent: int
    send_seconds: float

    @property
    def rate(self) -> float:
        return self.sent / self.send_seconds if self.send_seconds else 0.0


@contextmanager
def smtp_sink() -> Iterator[int]:
    """aiosmtpd accepting and dropping every message, in a process of its own as a mail
    server is: in this process, its work would take the GIL from the sender's. Its port."""
    port = free_port()
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "-c", "aiosmtpd.handlers.Sink"])
    try:
        deadline = time.monotonic() + 60
        while True:  # listening once a connection is accepted
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the SMTP sink did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(30)


SCANS = 3  # scans timed; the median is kept (the shared machine is noisy)


def timed_scan(uow: Callable[[], UnitOfWork]) -> tuple[float, list[Due]]:
    """The median wall time of SCANS deadline scans, and what the last one found."""
    times, dues = [], []
    for _ in range(SCANS):
        start = time.perf_counter()
        dues = scan(uow())
        times.append(time.perf_counter() - start)
    return statistics.median(times), dues


def bench_ops(url: str, most: int = 500) -> Ops:
    """Scan at NOW (the data's today), queue what is due, deliver up to `most` messages."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    clock = FixedClock(NOW)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory, clock)

    scan(uow())  # the first pass also configures the mappers and fills the statement cache
    scanned, dues = timed_scan(uow)
    start = time.perf_counter()
    queued = enqueue(uow(), dues[:most])  # as many as are delivered: a bounded run
    queued_in = time.perf_counter() - start
    with smtp_sink() as port:
        send = mailer_from_env({"MIEUX_SMTP_HOST": "127.0.0.1", "MIEUX_SMTP_PORT": str(port)})
        start = time.perf_counter()
        done = deliver(uow, send, NOW, limit=most)
        sent_in = time.perf_counter() - start
    engine.dispose()
    return Ops(scanned, len(dues), queued, queued_in, done["sent"], sent_in)
