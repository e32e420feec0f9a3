"""`mieux serve` freezes what is alive before its first request, so that no full garbage
collection walks the application's long-lived objects in the middle of a request (see
mieux/serve.py). Run in a child process: freezing this one would keep the tests' objects."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import gc
from webui import create_app
from webui.config import TestConfig
from mieux.serve import settle
app = create_app(TestConfig("sqlite://"))
before = gc.get_freeze_count()
settle()
gc.collect()
print(before, gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_settle_freezes_the_application_s_objects_out_of_the_collector_s_walks() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    before, frozen, walked = (int(n) for n in out[-3:])
    assert before == 0 and frozen > 50_000  # modules, mappers, the app: all frozen
    assert walked < frozen / 20  # what a full collection still walks
