"""Pages and API calls under load: waitress serving the app, clients on localhost.

The production server (`mieux serve`: waitress, 8 threads, no scheduler) runs in
its own process on a generated database; `CLIENTS` threads, each with its own
session, request one path after another for `seconds`, and every response's
time is kept (p50, p95, requests per second). The statements each path sends
are counted once, in this process, through Flask's test client on the same
database (the count does not depend on the server).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
import sqlalchemy as sa

from bench.generate import PASSWORD
from db.engine import make_engine

# One client: the latency of a page, not the queue behind others (2 cores here).
CLIENTS = 1


@dataclass
class Load:
    path: str
    times: list[float]
    errors: int
    seconds: float
    statements: int

    @property
    def p50(self) -> float:
        return statistics.median(self.times) * 1000 if self.times else float("nan")

    @property
    def p95(self) -> float:
        if len(self.times) < 20:
            return max(self.times, default=float("nan")) * 1000
        return statistics.quantiles(self.times, n=20)[-1] * 1000

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds


def sample_paths(url: str) -> list[str]:
    """What people open most: lists (100 a page), an object, its transitions, the figures."""
    engine = make_engine(url)
    with engine.connect() as c:
        action = c.scalar(sa.text("SELECT min(id) FROM actions WHERE state = 'implementation'"))
        activity = c.scalar(sa.text(f"SELECT min(id) FROM activities WHERE action_id = {action}"))
    engine.dispose()
    return [
        "/",
        "/actions",
        "/activities?state=scheduled",
        f"/actions/{action}",
        f"/activities/{activity}",
        "/dashboard",
        "/api/v1/actions?state=implementation",
        f"/api/v1/actions/{action}",
        f"/api/v1/actions/{action}/transitions",
        f"/api/v1/actions/{action}/history",
        "/api/v1/stats",
    ]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(url: str) -> Iterator[str]:
    """`mieux serve` on `url`, in its own process, until the block ends."""
    port = free_port()
    env = {**os.environ, "MIEUX_DATABASE_URL": url, "MIEUX_SECRET_KEY": "bench-" * 8}
    env.pop("MIEUX_SMTP_HOST", None)
    command = "from mieux.cli import main; main()"
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"]
    process = subprocess.Popen(
        [sys.executable, "-c", command, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def client(base: str, username: str = "staff1") -> requests.Session:
    """A signed-in session (the login form and its CSRF token) that also holds an API token."""
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None, "no CSRF token on /login"
    form = {"csrf_token": token.group(1), "username": username, "password": PASSWORD}
    assert session.post(f"{base}/login", data=form).ok
    api = session.post(
        f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    ).json()
    session.headers["Authorization"] = f"Bearer {api['token']}"
    return session


def load(
    base: str, path: str, seconds: float, sessions: list[requests.Session]
) -> tuple[list[float], int]:
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def work(session: requests.Session) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            start = time.perf_counter()
            response = session.get(base + path)
            took = time.perf_counter() - start
            with lock:
                if response.status_code == 200:
                    times.append(took)
                else:
                    errors += 1

    threads = [threading.Thread(target=work, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def statements(url: str, paths: list[str]) -> dict[str, int]:
    """The statements each path sends, through the test client on the same database."""
    from webui import create_app, services
    from webui.config import TestConfig

    app = create_app(TestConfig(url))
    engine = services(app).engine
    web = app.test_client()
    web.post("/login", data={"username": "staff1", "password": PASSWORD})
    api = web.post("/api/v1/auth/token", json={"username": "staff1", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {api.get_json()['token']}"}
    counts: dict[str, int] = {}
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append("")

    sa.event.listen(engine, "before_cursor_execute", count)
    for path in paths:
        seen.clear()
        response = web.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(seen)
    sa.event.remove(engine, "before_cursor_execute", count)
    engine.dispose()
    return counts


def bench_web(url: str, seconds: float) -> list[Load]:
    paths = sample_paths(url)
    counted = statements(url, paths)
    results = []
    with server(url) as base:
        sessions = [client(base) for _ in range(CLIENTS)]
        for path in paths:
            times, errors = load(base, path, seconds, sessions)
            results.append(Load(path, times, errors, seconds, counted[path]))
    return results
