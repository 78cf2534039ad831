"""A compact posting pool and writer, in place of Whoosh 2.7's sort-and-stream segment writer.

Whoosh gathers every posting of a segment as a 5-tuple (field, term, doc, weight, value), spills
sorted runs of them to disk, merges the runs with a heap, and then writes each posting through
four Python calls (a length lookup, ``add``, ``add_posting`` with its type checks, block
bookkeeping): about half of a build's CPU time, and the tuples are most of a writer's memory.

Here each term's postings are appended to three flat arrays as they arrive (documents are
numbered in order, so each list is already sorted), and at the end of the segment the terms are
sorted once and written block by block: the same blocks, block headers, term infos and
compression as ``W3PostingsWriter`` writes, so the files are byte for byte those Whoosh would
write (``tests/test_index_postings.py`` compares them) and any Whoosh reader reads them.

Nothing is spilled: the arrays hold a segment's postings in about 9 bytes each plus the value
bytes, and a segment is at most one writer process's share of a commit (``index.build``).
"""

from __future__ import annotations

import zlib
from array import array
from itertools import pairwise
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import emptybytes, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

_NO_LENGTHS = b""


class _TermPostings:
    """One term's postings in a segment: document numbers, weights, and value bytes.

    ``sizes`` holds each posting's value length (0 for none) when the field's values vary in
    length (positions); for fixed-size values (frequencies) and none (IDs) it is None, and the
    values of a run of postings are a slice of ``values``.
    """

    __slots__ = ("docs", "sizes", "values", "weights")

    def __init__(self, variable: bool) -> None:
        self.docs = array("I")
        self.weights = array("f")
        self.values = bytearray()
        self.sizes = array("I") if variable else None


class CompactPool:
    """Stands in for ``whoosh.writing.PostingPool``: the same ``add`` and ``iter_postings``."""

    def __init__(self, tempstore=None, segment=None, limitmb: int = 128, **kwargs) -> None:
        self.fieldnames: set[str] = set()
        self.fields: dict[str, dict[bytes, _TermPostings]] = {}

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, value = item
        self.add_field(fieldname, None, docnum, ((btext, 0, weight, value),), 1.0, False)

    def add_field(self, fieldname, fixedsize, docnum, items, boost, scorable) -> int:
        """A document's (term, frequency, weight, value) postings of one field; returns the
        field's length (the sum of frequencies when the field is scorable, as Whoosh counts).

        ``fixedsize`` is the format's value size (``Format.fixed_value_size()``): 0 for no
        values, None for values of any length.
        """
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        variable = fixedsize is None or fixedsize < 0
        length = 0
        for btext, freq, weight, value in items:
            if scorable:
                length += freq
            postings = terms.get(btext)
            if postings is None:
                postings = terms[btext] = _TermPostings(variable)
            postings.docs.append(docnum)
            postings.weights.append(weight if boost == 1.0 else weight * boost)
            sizes = postings.sizes
            if sizes is None:
                if not value and fixedsize == 0:
                    continue
                if value and len(value) == fixedsize:
                    postings.values += value
                    continue
                sizes = _sizes_so_far(postings)  # a value of another size: record every size
            if value:
                postings.values += value
            sizes.append(len(value) if value else 0)
        return length

    def sorted_terms(self):
        """(fieldname, term, postings) in the order Whoosh writes them."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                yield fieldname, btext, terms[btext]

    def iter_postings(self):
        """Every posting in (field, term, document) order, as Whoosh's pool yields them."""
        for fieldname, btext, postings in self.sorted_terms():
            values = _split(postings)
            for i, docnum in enumerate(postings.docs):
                value = values[i] if values else None
                yield (fieldname, btext, docnum, postings.weights[i], value)

    # Whoosh's writers call these on their pool; nothing was spilled, so there is nothing to do.
    def save(self) -> None:
        pass

    def cleanup(self) -> None:
        self.fields = {}

    def reduce_to(self, target: int, k: int) -> None:
        pass


def _sizes_so_far(postings: _TermPostings) -> array:
    """The sizes of the values before the one being added (all of one size, or none)."""
    before = len(postings.docs) - 1
    size = len(postings.values) // before if before else 0
    postings.sizes = array("I", [size] * before)
    return postings.sizes


def _split(postings: _TermPostings) -> list[bytes] | None:
    """The value of each posting (None when none of them has one)."""
    if not postings.values:
        return None
    data = bytes(postings.values)
    sizes = postings.sizes
    if sizes is None:  # fixed-size values, one per posting
        size = len(data) // len(postings.docs)
        return [data[i : i + size] for i in range(0, len(data), size)]
    out, start = [], 0
    for size in sizes:
        out.append(data[start : start + size])
        start += size
    return out


def write_postings(fieldwriter, schema, pool: CompactPool, lengths) -> None:
    """Write the pool's terms through a ``W3FieldWriter`` exactly as ``add_postings`` would.

    ``lengths(fieldname)`` gives the field's length column as bytes (one byte per document,
    Whoosh's logarithmic code; 0 for none), or None when the field keeps no lengths.
    """
    codec = fieldwriter._codec
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    blocklimit = codec._blocklimit
    compression = codec._compression
    lastfield = None
    column = fixedsize = None
    fieldid = 0
    for fieldname, btext, postings in pool.sorted_terms():
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            fieldid = fieldwriter._fieldid
            fixedsize = fieldobj.format.fixed_value_size()
            column = lengths(fieldname)
            lastfield = fieldname
        terminfo = _write_term(postfile, postings, blocklimit, compression, fixedsize, column)
        tindex.add(pack_ushort(fieldid) + btext, terminfo.to_bytes())
    if lastfield is not None:
        fieldwriter.finish_field()


def _write_term(postfile, postings, blocklimit, compression, fixedsize, column) -> W3TermInfo:
    terminfo = W3TermInfo()
    docs, weights = postings.docs, postings.weights
    values = _split(postings) if fixedsize != 0 else None
    start = postfile.tell()
    count = len(docs)
    total_weight = 0.0
    minlength = None
    maxlength = maxweight = 0
    for first in range(0, count, blocklimit):
        last = min(first + blocklimit, count)
        ids = docs[first:last]
        block_weights = weights[first:last]
        if first == 0:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        top = max(block_weights)
        block_maxweight = top if top > 0 else 0
        if column is None:
            block_min = block_max = None
        else:
            codes = bytes(map(column.__getitem__, ids))
            present = codes.replace(b"\0", b"")
            block_min = byte_to_length(min(present)) if present else None
            block_max = byte_to_length(max(present)) if present else 0
        # W3TermInfo.add_block
        total_weight += sum(block_weights)
        if block_min is not None and (minlength is None or block_min < minlength):
            minlength = block_min
        if block_max and block_max > maxlength:
            maxlength = block_max
        if block_maxweight > maxweight:
            maxweight = block_maxweight
        # W3PostingsWriter._write_block
        mini_values = _mini_values(values, first, last, fixedsize)
        databytes = dumps((_mini_ids(ids), _mini_weights(block_weights), mini_values), 2)
        if compression:
            databytes = zlib.compress(databytes, compression)
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                block_maxweight,
                compression,
                length_to_byte(block_min),
                length_to_byte(block_max),
            ),
            2,
        )
        blocklength = len(infobytes) + len(databytes)
        if last == count:
            blocklength = -blocklength
        postfile.write_int(blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
    terminfo._weight = total_weight
    terminfo._df = count
    terminfo._minlength = minlength
    terminfo._maxlength = maxlength
    terminfo._maxweight = maxweight
    terminfo._minid = docs[0]
    terminfo._maxid = docs[-1]
    terminfo.set_extent(start, postfile.tell() - start)
    return terminfo


def _mini_ids(ids: array) -> tuple:
    """``delta_encode``: the first id, then the gaps."""
    if len(ids) == 1:
        return (ids[0],)
    return (ids[0], *(b - a for a, b in pairwise(ids)))


def _mini_weights(weights: array):
    first = weights[0]
    if first == 1.0 and weights.count(1.0) == len(weights):
        return None
    if weights.count(first) == len(weights):
        return first
    return tuple(weights)


def _mini_values(values: list[bytes] | None, first: int, last: int, fixedsize):
    if fixedsize == 0:
        return None
    chunk = [v for v in values[first:last] if v] if values else []  # Whoosh keeps non-empty
    if fixedsize is None or fixedsize < 0:
        return tuple(chunk)
    return emptybytes.join(chunk)
