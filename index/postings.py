"""A compact posting pool and writer, in place of Whoosh 2.7's sort-and-stream segment writer.

Whoosh gathers every posting of a segment as a 5-tuple (field, term, doc, weight, value), spills
sorted runs of them to disk, merges the runs with a heap, and then writes each posting through
four Python calls (a length lookup, ``add``, ``add_posting`` with its type checks, block
bookkeeping): about half of a build's CPU time, and the tuples are most of a writer's memory.

Here a field's postings go into flat arrays, a document's whole list at a time, by calls that
loop in C (``map``, ``zip``, ``array.extend``): a term number, a document number, a weight and
the value bytes per posting, about 16 bytes. When the segment is written each field is sorted
once (numpy, by term then document) and written term by term, a block of 128 at a time, with
Whoosh's own block format, term infos and compression, so the files are byte for byte those
Whoosh would write (``tests/test_index_postings.py`` compares them) and any Whoosh reader reads
them. No Python code runs per posting while adding, and little while writing: the build's cost
is then mostly per document and per term, not per posting.

Nothing is spilled: a segment is at most one writer process's share of a commit
(``index.build``).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Iterator
from itertools import repeat
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort

CHUNK_POSTINGS = 1 << 18
"""Postings turned into Python lists at a time while a field is written (bounds the memory)."""


class _FieldPostings:
    """One field's postings in a segment, in the order they were added.

    Values are kept as one byte string: with ``sizes`` None every value has ``valsize`` bytes
    (4 for frequencies, 0 for none), else ``sizes`` gives each posting's value length (0 for
    none), as for positions.
    """

    __slots__ = ("docs", "sizes", "tids", "valsize", "values", "vocab", "weights")

    def __init__(self, fixedsize: int | None) -> None:
        self.vocab: dict[bytes, int] = {}
        self.tids = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.values = bytearray()
        self.valsize = fixedsize if fixedsize is not None and fixedsize >= 0 else None
        self.sizes = array("I") if self.valsize is None else None

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, docnum: int, terms, weights, values) -> None:
        vocab = self.vocab
        ids = list(map(vocab.get, terms))
        if None in ids:  # new terms get the next numbers
            pairs = zip(terms, ids, strict=True)
            ids = [vocab.setdefault(t, len(vocab)) if i is None else i for t, i in pairs]
        self.tids.extend(ids)
        self.docs.extend(repeat(docnum, len(ids)))
        self.weights.extend(weights)
        self._add_values(values, len(ids))

    def _add_values(self, values, count: int) -> None:
        try:
            joined = emptybytes.join(values)
        except TypeError:  # None among them: no value
            values = [v or emptybytes for v in values]
            joined = emptybytes.join(values)
        if self.sizes is None:
            if len(joined) == self.valsize * count and (self.valsize or not joined):
                self.values += joined
                return
            # a value of another size: record every size from now on
            self.sizes = array("I", repeat(self.valsize, len(self.docs) - count))
        self.values += joined
        self.sizes.extend(map(len, values))

    def sorted_terms(self) -> Iterator[tuple[bytes, list[int], list[float], object]]:
        """(term, documents, weights, values) for each term in byte order, documents ascending.

        ``values`` is None (no values), one byte string of equal-sized values, or a list of
        each posting's value.
        """
        import numpy as np  # only a build needs it; searches start faster without

        terms = list(self.vocab)
        by_bytes = sorted(range(len(terms)), key=terms.__getitem__)
        rank = np.empty(len(terms), dtype=np.uint32)
        rank[by_bytes] = np.arange(len(terms), dtype=np.uint32)
        ranks = rank[np.frombuffer(self.tids, dtype=np.uint32)]
        order = np.argsort(ranks, kind="stable")  # stable: documents stay ascending
        counts = np.bincount(ranks, minlength=len(terms)).tolist()
        del ranks
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        weights = np.frombuffer(self.weights, dtype=np.float32)
        values = self._values_reader(np)
        term, start = 0, 0
        while term < len(terms):
            first_term, end = term, start
            while term < len(terms) and (end - start < CHUNK_POSTINGS or term == first_term):
                end += counts[term]
                term += 1
            chunk = order[start:end]
            chunk_docs = docs[chunk].tolist()
            chunk_weights = weights[chunk].tolist()
            chunk_values = values(chunk)
            i = 0
            for k in range(first_term, term):
                j = i + counts[k]
                if chunk_values is None:
                    vals = None
                elif isinstance(chunk_values, bytes):
                    vals = chunk_values[i * self.valsize : j * self.valsize]
                else:
                    vals = chunk_values[i:j]
                yield terms[by_bytes[k]], chunk_docs[i:j], chunk_weights[i:j], vals
                i = j
            start = end

    def _values_reader(self, np):
        """A function from posting positions to their values, in the shape ``sorted_terms``
        yields."""
        if self.sizes is None:
            size = self.valsize
            if not size:
                return lambda chunk: None
            table = np.frombuffer(self.values, dtype=np.uint8).reshape(-1, size)
            return lambda chunk: table[chunk].tobytes()
        sizes = np.frombuffer(self.sizes, dtype=np.uint32)
        starts = np.cumsum(sizes, dtype=np.int64) - sizes
        data = bytes(self.values)

        def read(chunk):
            spans = zip(starts[chunk].tolist(), sizes[chunk].tolist(), strict=True)
            return [data[s : s + n] for s, n in spans]

        return read


class CompactPool:
    """Stands in for ``whoosh.writing.PostingPool``: the same ``add`` and ``iter_postings``."""

    def __init__(self, tempstore=None, segment=None, limitmb: int = 128, **kwargs) -> None:
        self.fieldnames: set[str] = set()
        self.fields: dict[str, _FieldPostings] = {}

    def add(self, item) -> None:
        """One posting (Whoosh's merge adds postings this way, with values of any size)."""
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, None, docnum, ((btext, 0, weight, value),), 1.0, False)

    def add_field(self, fieldname, fixedsize, docnum, items, boost, scorable) -> int:
        """A document's (term, frequency, weight, value) postings of one field; returns the
        field's length (the sum of frequencies when the field is scorable, as Whoosh counts).

        ``fixedsize`` is the format's value size (``Format.fixed_value_size()``): 0 for no
        values, None for values of any length.
        """
        field = self.fields.get(fieldname)
        if field is None:
            field = self.fields[fieldname] = _FieldPostings(fixedsize)
            self.fieldnames.add(fieldname)
        items = items if isinstance(items, (list, tuple)) else list(items)
        if not items:
            return 0
        terms, freqs, weights, values = zip(*items, strict=True)
        if boost != 1.0:
            weights = [w * boost for w in weights]
        field.add(docnum, terms, weights, values)
        return sum(freqs) if scorable else 0

    def add_columns(self, fieldname, fixedsize, docnum, columns, boost, scorable) -> int:
        """``add_field`` for postings already in columns (``index.textfields.Columns``)."""
        terms, freqs, weights, values = columns
        if not terms:
            return 0
        field = self.fields.get(fieldname)
        if field is None:
            field = self.fields[fieldname] = _FieldPostings(fixedsize)
            self.fieldnames.add(fieldname)
        if boost != 1.0:
            weights = [w * boost for w in weights]
        field.add(docnum, terms, weights, values)
        return sum(freqs) if scorable else 0

    def sorted_terms(self) -> Iterator[tuple[str, bytes, list[int], list[float], object]]:
        """(fieldname, term, documents, weights, values) in the order Whoosh writes them."""
        for fieldname in sorted(self.fields):
            for term, docs, weights, values in self.fields[fieldname].sorted_terms():
                yield fieldname, term, docs, weights, values

    def iter_postings(self):
        """Every posting in (field, term, document) order, as Whoosh's pool yields them."""
        for fieldname, btext, docs, weights, values in self.sorted_terms():
            each = _each_value(values, len(docs))
            for i, docnum in enumerate(docs):
                yield (fieldname, btext, docnum, weights[i], each[i] or None)

    # Whoosh's writers call these on their pool; nothing was spilled, so there is nothing to do.
    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.fields = {}

    def reduce_to(self, target: int, k: int) -> None:
        pass


def _each_value(values, count: int) -> list[bytes]:
    if values is None:
        return [emptybytes] * count
    if isinstance(values, bytes):
        size = len(values) // count
        return [values[i : i + size] for i in range(0, len(values), size)]
    return values


BLOCK_PICKLE = 4
"""Pickle protocol of a block's data. Whoosh writes protocol 2, which pickles each bytes value
(a posting's positions) by way of a latin-1 string: ten times slower to write and to read than
protocol 4, and twice the size. Whoosh reads a block with ``pickle.loads``, so any protocol
reads back the same tuple."""

COMPRESS_FROM = 128
"""Blocks whose pickle is shorter than this are stored uncompressed (most terms have one or two
postings): deflate then costs more time than it saves bytes, and often adds bytes. Whoosh's
writer means to do the same below 20 bytes (a slip in 2.7 compresses everything); each block
records its own compression, so every Whoosh reader reads both kinds."""


def deflate(data: bytes, level: int) -> bytes:
    """``zlib.compress(data, level)`` with a 4 KB window and a small hash table: the same
    format (``zlib.decompress`` reads it), and for blocks and stored turns of a few KB the same
    size, in a quarter of the time. ``zlib.compress`` sets up a 32 KB window and clears about
    200 KB of tables on every call, which costs more than compressing a small block."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 12, 5)
    return compressor.compress(data) + compressor.flush()


DEFLATE = deflate

POSITIONS_BLOCK = 512
"""Postings in a block of a field with positions (``exact``), instead of Whoosh's 128. A phrase
reads nearly every block of both its words, and each block costs a header, a decompression and
an unpickling however few postings it holds: a quarter as many blocks, a quarter of that cost.
Whoosh's reader takes each block's length from its header. (Fields scored a word at a time keep
128, for the finer skipping of ``search.termscore``.) None: the codec's size."""
"""How blocks (and, through ``index.tuning``, stored fields) are compressed; a test sets
``zlib.compress`` to compare files with Whoosh's byte for byte."""


def write_postings(fieldwriter, schema, pool: CompactPool, lengths) -> None:
    """Write the pool's terms through a ``W3FieldWriter`` in the layout ``add_postings`` gives.

    With ``BLOCK_PICKLE = 2``, ``COMPRESS_FROM = 0`` and ``DEFLATE = zlib.compress`` the files
    are byte for byte Whoosh's.
    ``lengths(fieldname)`` gives the field's length column as bytes (one byte per document,
    Whoosh's logarithmic code; 0 for none), or None when the field keeps no lengths.
    Postings and term entries are written a batch at a time, with positions counted here rather
    than asked of the files.
    """
    codec = fieldwriter._codec
    postfile = fieldwriter._postfile
    terms = _TermIndex(fieldwriter._tindex)
    blocklimit = codec._blocklimit
    compression = codec._compression
    for fieldname in sorted(pool.fields):
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        prefix = pack_ushort(fieldwriter._fieldid)
        fixedsize = fieldobj.format.fixed_value_size()
        column = lengths(fieldname)
        per_block = POSITIONS_BLOCK if fixedsize is None and POSITIONS_BLOCK else blocklimit
        offset = postfile.tell()
        pending: list[bytes] = []
        for btext, docs, weights, values in pool.fields[fieldname].sorted_terms():
            data, info = _term_blocks(
                docs, weights, values, per_block, compression, fixedsize, column
            )
            pending.append(data)
            terms.add(prefix + btext, info + pack_long(offset) + pack_int(len(data)))
            offset += len(data)
            if len(pending) >= 4096:
                postfile.write(emptybytes.join(pending))
                pending.clear()
                terms.flush()
        postfile.write(emptybytes.join(pending))
        terms.flush()
        fieldwriter.finish_field()


class _TermIndex:
    """``OrderedHashWriter.add`` (the term file), for many terms with one write."""

    def __init__(self, tindex) -> None:
        self.tindex = tindex
        self.records: list[bytes] = []
        self.position = tindex.dbfile.tell()

    def add(self, key: bytes, value: bytes) -> None:
        tindex = self.tindex
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        position = self.position
        tindex.index.append(position)
        h = tindex.hashfn(key)
        tindex.buckets[h & 255].append((h, position))
        record = _KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value
        self.records.append(record)
        self.position = position + len(record)
        tindex.lastkey = key

    def flush(self) -> None:
        self.tindex.dbfile.write(emptybytes.join(self.records))
        self.records.clear()


_KEY_VALUE_LENGTHS = struct.Struct("!ii")
"""``whoosh.filedb.filetables._lengths``: a term entry's key and value lengths."""
_TERM_INFO = W3TermInfo._struct
"""A term info's fixed part (``W3TermInfo.to_bytes``); the postings' offset and length follow."""


def _term_blocks(
    docs, weights, values, blocklimit, compression, fixedsize, column
) -> tuple[bytes, bytes]:
    """A term's posting blocks as ``W3PostingsWriter`` lays them out, and the fixed part of its
    term info. Field lengths are kept as their byte codes (which order as the lengths do)."""
    parts = [WHOOSH3_HEADER_MAGIC]
    count = len(docs)
    total_weight = 0.0
    min_code = None
    max_code = maxweight = 0
    for first in range(0, count, blocklimit):
        last = min(first + blocklimit, count)
        ids = docs[first:last]
        block_weights = weights[first:last]
        top = max(block_weights)
        block_maxweight = top if top > 0 else 0
        block_min = block_max = 0
        if column is not None:
            present = bytes(map(column.__getitem__, ids)).replace(b"\0", b"")
            if present:
                block_min, block_max = min(present), max(present)
                if min_code is None or block_min < min_code:
                    min_code = block_min
                if block_max > max_code:
                    max_code = block_max
        total_weight += sum(block_weights)
        if block_maxweight > maxweight:
            maxweight = block_maxweight
        # W3PostingsWriter._write_block
        mini_values = _mini_values(values, first, last, fixedsize)
        data = (_mini_ids(ids), _mini_weights(block_weights), mini_values)
        databytes = dumps(data, BLOCK_PICKLE)
        compressed = compression if len(databytes) >= COMPRESS_FROM else 0
        if compressed:
            databytes = DEFLATE(databytes, compressed)
        info = (len(ids), ids[-1], block_maxweight, compressed, block_min, block_max)
        infobytes = dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        parts.append(pack_int(-blocklength if last == count else blocklength))
        parts.append(infobytes)
        parts.append(databytes)
    info = _TERM_INFO.pack(
        0, total_weight, count, min_code or 0, max_code, maxweight, docs[0], docs[-1]
    )
    return emptybytes.join(parts), info


def _mini_ids(ids: list[int]) -> tuple:
    """``delta_encode``: the first id, then the gaps."""
    if len(ids) == 1:
        return (ids[0],)
    return (ids[0], *map(int.__sub__, ids[1:], ids))


def _mini_weights(weights: list[float]):
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


def _mini_values(values, first: int, last: int, fixedsize):
    """The block's values as Whoosh stores them (it keeps only the non-empty ones)."""
    if fixedsize == 0:
        return None
    if isinstance(values, bytes):  # values of the format's fixed size, none empty
        return values[first * fixedsize : last * fixedsize]
    chunk = [v for v in values[first:last] if v] if values else []
    if fixedsize is None or fixedsize < 0:
        return tuple(chunk)
    return emptybytes.join(chunk)
