"""Work on a warehouse in a few threads, each with a DuckDB cursor of its own.

A small file's cost is mostly the planning of its statements, which DuckDB does on one core; two sheets at
a time use both. Ctrl-C reaches the main thread alone, so the main thread waits in short steps and, on
Ctrl-C or any error, interrupts what the threads run instead of waiting for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import duckdb

from pipelines import cell_types

WORKERS = 2  # this machine's cores; more threads only wait for each other


@contextmanager
def cursor_pool(con: duckdb.DuckDBPyConnection) -> Iterator[Callable[..., Future]]:
    """Yields submit(work, *args), which runs work(cursor, *args) in a thread whose cursor has the typing macros."""
    cursors, local = [], threading.local()

    def on_cursor(work: Callable, *args):
        """Run work with this thread's cursor."""
        if not hasattr(local, "con"):
            local.con = con.cursor()
            cell_types.install_macros(local.con)
            cursors.append(local.con)
        return work(local.con, *args)

    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        yield lambda work, *args: pool.submit(on_cursor, work, *args)
    except BaseException:
        for cursor in cursors:
            cursor.interrupt()
        raise
    finally:
        pool.shutdown(cancel_futures=True)
        for cursor in cursors:
            cursor.close()


def result(future: Future):
    """A future's result, waited for in short steps: a signal (Ctrl-C) is only seen by this thread between them."""
    while True:
        try:
            return future.result(timeout=0.1)
        except TimeoutError:
            continue
