"""Reading and parsing an export in a child process, while the importing process stores.

An import has three kinds of work: parsing the file (JSON or CSV into canonical rows), scoring
the texts (the scoring pool), and storing (classify, write, aggregates: the one database
connection). Run in one process, parsing and storing take turns; here a forked child parses
and hands over each finished chunk through a small queue, so the importing process only stores.
Chunks cross as pickles of Arrow-backed frames (milliseconds per 100,000 rows).

Forking is safe only in a process with one thread (the CLI, the benchmark); elsewhere (the app
server) ``available()`` is false and the import parses in its own process as before.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from monitor.core.errors import CitraError, IngestError

QUEUE_CHUNKS = 1  # parsed chunks waiting for the importer: bounds memory
POLL_SECONDS = 1.0


def available() -> bool:
    """Can this process fork a reader now?"""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _put(q, item, parent: int) -> None:
    """Put, but give up if the importing process has gone (killed mid-import)."""
    while True:
        try:
            q.put(item, timeout=POLL_SECONDS)
            return
        except queue.Full:
            if os.getppid() != parent:
                os._exit(0)


def _child(produce: Callable[[Callable[[int], None]], Iterator[Any]], q, parent: int) -> None:
    try:
        for item in produce(lambda pos: _put(q, ("progress", pos), parent)):
            _put(q, ("chunk", item), parent)
    except IngestError as exc:
        _put(q, ("error", exc), parent)
    except BaseException as exc:  # noqa: BLE001 - reported to the importer, which raises it
        _put(q, ("failed", f"{type(exc).__name__}: {exc}"), parent)
    else:
        _put(q, ("done", None), parent)
    q.close()
    q.join_thread()


def run(
    produce: Callable[[Callable[[int], None]], Iterator[Any]],
    progress: Callable[[int], None] | None,
    file_name: str,
) -> Iterator[Any]:
    """The items of ``produce(progress)``, produced in a forked child process.

    ``produce`` is called in the child with a progress callback; its items, its progress and
    its ``IngestError`` arrive here in order. Closing the iterator stops the child.
    """
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue(QUEUE_CHUNKS)
    child = ctx.Process(target=_child, args=(produce, q, os.getpid()), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, value = q.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    raise IngestError(
                        "the file reader stopped unexpectedly", file_name=file_name
                    ) from None
                continue
            if kind == "chunk":
                yield value
            elif kind == "progress":
                if progress is not None:
                    progress(value)
            elif kind == "error":
                raise value
            elif kind == "failed":
                raise CitraError(f"{file_name}: the file cannot be read ({value})")
            else:
                return
    finally:
        if child.is_alive():
            child.terminate()
        child.join(timeout=5)
        q.close()
