"""Two small fixes to Whoosh 2.7's writer that cost most of its indexing time on our documents.

- While a segment is written, the length of every posting's field is looked up; for fields that
  keep no lengths (IDs, numbers) Whoosh asks the file system whether the column exists *for each
  posting* (an ``os.stat`` each time). The answer cannot change during the write, so it is
  remembered.
- The same lookup then reads the length column one posting at a time (a file read and a
  struct unpack per posting, ~150 postings per turn). Each field's lengths are read whole once
  per segment instead.

And one fix for being killed: the multi-process writer's workers inherit the index lock (a
``flock`` on a shared file description), so if the parent is killed they would hold the lock,
blocked on a queue nobody feeds, for ever. On Linux each worker asks the kernel to kill it when
its parent dies.

Applied once, on import of ``index.build``; nothing outside ``index/`` sees Whoosh.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
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
