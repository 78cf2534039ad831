"""Two small fixes to Whoosh 2.7's writer that cost most of its indexing time on our documents.

- While a segment is written, the length of every posting's field is looked up; for fields that
  keep no lengths (IDs, numbers) Whoosh asks the file system whether the column exists *for each
  posting* (an ``os.stat`` each time). The answer cannot change during the write, so it is
  remembered.
- The same lookup then reads the length column one posting at a time (a file read and a
  struct unpack per posting, ~150 postings per turn). Each field's lengths are read whole once
  per segment instead.

- When a batch's postings outgrow ``limitmb`` they are sorted in runs on disk, and Whoosh writes
  and reads each posting with its own ``pickle`` call (a third of a build's CPU time). Runs are
  written as ``marshal``-ed chunks of postings instead, the same bytes order and the same merge.
  Adding a posting to the pool (once per posting, ~140 per turn) loses its type assertions.

And one fix for being killed: the multi-process writer's workers inherit the index lock (a
``flock`` on a shared file description), so if the parent is killed they would hold the lock,
blocked on a queue nobody feeds, for ever. On Linux each worker asks the kernel to kill it when
its parent dies.

Applied once, on import of ``index.build``; nothing outside ``index/`` sees Whoosh.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import marshal
import multiprocessing
import os
import signal
import struct
import sys

from whoosh import multiproc, writing
from whoosh.codec import whoosh3

_LENGTHS = [0, *(whoosh3.byte_to_length(b) for b in range(1, 256))]

_MISSING = object()


def _cached_reader(self, fieldname, column):
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


class _WholeLengths:
    """Stands in for the per-document reader while postings are written: lengths by table."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._columns: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        column = self._columns.get(fieldname, _MISSING)
        if column is _MISSING:
            column = self._load(fieldname)
        if column is None:
            return default
        lbyte = column[docnum] if docnum < len(column) else 0
        return _LENGTHS[lbyte] if lbyte else None

    def _load(self, fieldname: str) -> bytes | None:
        reader = self._reader._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        column = None if reader is None else bytes(reader)
        self._columns[fieldname] = column
        return column

    def close(self) -> None:
        self._reader.close()


def _flush_segment(self) -> None:
    self.perdocwriter.close()
    lengths = _WholeLengths(self.per_document_reader()) if self.codec.length_stats else None
    self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if lengths:
        lengths.close()


_RUN_CHUNK = 8192
"""Postings per marshal call in a sorting run: large enough that the per-call cost vanishes,
small enough that a run's reader holds little (one chunk per run during the merge)."""
_CHUNK_SIZE = struct.Struct("<I")


def _write_run(self, f, items) -> None:
    """Postings (already sorted) as length-prefixed marshal chunks; ``items`` may be a generator
    (Whoosh merges runs into a new run through this when there are too many files)."""
    iterator = iter(items)
    try:
        while chunk := list(itertools.islice(iterator, _RUN_CHUNK)):
            data = marshal.dumps(chunk)
            f.write(_CHUNK_SIZE.pack(len(data)))
            f.write(data)
    finally:
        f.close()


def _read_run(self, path):
    f = self._open_run(path)
    try:
        while header := f.read(_CHUNK_SIZE.size):
            (size,) = _CHUNK_SIZE.unpack(header)
            yield from marshal.loads(f.read(size))
    finally:
        f.close()
        self._remove_run(path)


def _add_to_pool(self, item) -> None:
    """``PostingPool.add``: the same size estimate and spill rule, without per-posting asserts."""
    self.fieldnames.add(item[0])
    self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
    if self.currentsize > self.limit:
        self.save()
    self.current.append(item)


_PR_SET_PDEATHSIG = 1
_original_run = multiproc.SubWriterTask.run


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass


def _run_worker(self) -> None:
    _die_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the kernel was asked to tell us: go now
    _original_run(self)


def apply() -> None:
    multiproc.SubWriterTask.run = _run_worker
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    writing.SegmentWriter._flush_segment = _flush_segment
    writing.PostingPool._write_run = _write_run
    writing.PostingPool._read_run = _read_run
    writing.PostingPool.add = _add_to_pool
