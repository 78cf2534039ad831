"""Patches to Whoosh 2.7's writer where it spent most of its indexing time on our documents.

- While a segment is written, the length of every posting's field is looked up; for fields that
  keep no lengths (IDs, numbers) Whoosh asks the file system whether the column exists *for each
  posting* (an ``os.stat`` each time). The answer cannot change during the write, so it is
  remembered.
- The same lookup then reads the length column one posting at a time (a file read and a
  struct unpack per posting, ~150 postings per turn). Each field's lengths are read whole once
  per segment instead.

- Postings are gathered per field in flat arrays, a document's list at a time, and written a
  run of terms at a time (``index.postings``) instead of as sorted, spilled and merged 5-tuples
  written one by one; documents reach the pool as columns built without Whoosh's analyzer
  chain (``index.textfields.fast_columns``), and stored turns are deflated with a small window.
  The same postings, in about a third of the build's CPU time.

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
import zlib

from whoosh import columns, multiproc, writing
from whoosh.codec import whoosh3

from index import postings
from index.postings import CompactPool, write_postings
from index.textfields import fast_columns

WHOOSH_POOL = writing.PostingPool
WHOOSH_FLUSH = writing.SegmentWriter._flush_segment
WHOOSH_ADD = writing.SegmentWriter.add_document
"""Whoosh's own, kept so that a test can compare what they write with what the patches write."""

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
        self._doccount = reader.doc_count_all()
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

    def column(self, fieldname: str) -> bytes | None:
        """The field's whole length column, one byte per document (padded with 0), or None."""
        column = self._columns.get(fieldname, _MISSING)
        if column is _MISSING:
            column = self._load(fieldname)
        if column is not None and len(column) < self._doccount:
            column = self._columns[fieldname] = column + bytes(self._doccount - len(column))
        return column

    def close(self) -> None:
        self._reader.close()


def _flush_segment(self) -> None:
    self.perdocwriter.close()
    lengths = _WholeLengths(self.per_document_reader()) if self.codec.length_stats else None
    if isinstance(self.pool, CompactPool) and isinstance(self.fieldwriter, whoosh3.W3FieldWriter):
        write_postings(
            self.fieldwriter, self.schema, self.pool, lengths.column if lengths else _no_lengths
        )
    else:
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
    self.fieldwriter.close()
    if lengths:
        lengths.close()


def _add_document(self, **fields) -> None:
    """``SegmentWriter.add_document`` handing each field's postings to the pool in one call.

    Whoosh builds a 5-tuple and makes a method call per posting; this gives the compact pool a
    field's whole list, and looks up what each field needs once per schema, not per document.
    Schemas with spelling or vector fields (not ours), and documents with boosts or separate
    stored values (``_boost``, ``_stored_x``; ours have none), take Whoosh's path.
    """
    pool = self.pool
    schema = self.schema
    if (
        not isinstance(pool, CompactPool)
        or _needs_whoosh_path(schema)
        or any(name[:1] == "_" for name in fields)
    ):
        WHOOSH_ADD(self, **fields)
        return
    self._check_state()
    plans = _field_plans(schema)
    try:
        wanted = [(plans[name], value) for name, value in sorted(fields.items())]
    except KeyError:
        self._check_fields(schema, fields)  # raises UnknownFieldError naming the field
        raise
    perdocwriter = self.perdocwriter
    docnum = self.docnum
    perdocwriter.start_doc(docnum)
    try:
        for (name, field, fast, fixedsize, scorable, stored, column), value in wanted:
            if value is None:
                continue
            length = 0
            if fast is not None and isinstance(value, str):
                length = pool.add_columns(name, fixedsize, docnum, fast(value), 1.0, scorable)
            elif field.indexed:
                items = field.index(value)
                length = pool.add_field(name, fixedsize, docnum, items, 1.0, scorable)
            if stored or length:
                perdocwriter.add_field(name, field, value if stored else None, length)
            if column:
                perdocwriter.add_column_value(name, column, field.to_column_value(value))
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    self._added = True
    self.docnum += 1


_plans: dict[int, tuple] = {}


def _field_plans(schema) -> dict[str, tuple]:
    """name -> (name, field, fast columns or None, value size, scorable, stored, column type),
    remembered per schema object."""
    known = _plans.get(id(schema))
    if known is None or known[0] is not schema:
        plans = {}
        for name, field in schema.items():
            fast = fast_columns(field) if field.indexed else None
            fixedsize = field.format.fixed_value_size() if field.indexed else None
            plans[name] = (
                name, field, fast, fixedsize, field.scorable, field.stored, field.column_type
            )  # fmt: skip
        known = _plans[id(schema)] = (schema, plans)
    return known[1]


_plain_schemas: dict[int, bool] = {}


def _needs_whoosh_path(schema) -> bool:
    known = _plain_schemas.get(id(schema))
    if known is None:
        known = _plain_schemas[id(schema)] = any(
            field.separate_spelling() or field.vector for _name, field in schema.items()
        )
    return known


def _no_lengths(fieldname: str) -> None:
    return None


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


WHOOSH_STORED_ADD = columns.CompressedBytesColumn.Writer.add


def _add_deflated(self, docnum, value) -> None:
    """``CompressedBytesColumn.Writer.add`` (the stored turns) compressing with
    ``index.postings.DEFLATE``: the same zlib format, a tenth of the time for a turn's JSON."""
    compress = postings.DEFLATE if self._compress is zlib.compress else self._compress
    columns.VarBytesColumn.Writer.add(self, docnum, compress(value, self._level))


def apply() -> None:
    multiproc.SubWriterTask.run = _run_worker
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    writing.SegmentWriter._flush_segment = _flush_segment
    writing.SegmentWriter.add_document = _add_document
    columns.CompressedBytesColumn.Writer.add = _add_deflated
    writing.PostingPool = CompactPool  # SegmentWriter looks the name up when it is created
