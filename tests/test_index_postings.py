"""The compact posting writer (``index.postings``) writes the files Whoosh itself would write.

If a ``whoosh-reloaded`` upgrade changes its posting format, block layout or term infos, the
byte comparison here fails, rather than searches silently reading something else.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from search_sample import repeated_turns
from whoosh import columns, writing
from whoosh import index as whoosh_index

from index import build, postings, textfields, tuning
from index.schema import build_schema, day_documents, group_by_day

COPIES = 30
"""Sample sittings repeated so that common terms span several 128-posting blocks."""


def _turns():
    return repeated_turns(0, COPIES)


def _segment_files(path: Path) -> dict[str, bytes]:
    """The segment's files by what follows the (random) segment name: postings, terms, lengths,
    stored fields and columns."""
    return {re.sub(r"^MAIN_\w{16}", "", p.name): p.read_bytes() for p in path.glob("MAIN_*")}


def _build(path: Path) -> dict[str, bytes]:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = ix.writer(compound=False)
    for day in group_by_day(_turns()):
        for doc in day_documents(day):
            writer.add_document(**doc)
    writer.commit()
    return _segment_files(path)


def test_compact_writer_is_installed_by_the_build():
    assert build.tuning is tuning
    assert writing.PostingPool is postings.CompactPool
    assert columns.CompressedBytesColumn.Writer.add is tuning._add_deflated


def test_compact_writer_writes_the_bytes_whoosh_writes(tmp_path, monkeypatch):
    """With Whoosh's pickle protocol and compression of every block (the settings that make the
    files comparable), the compact writer writes Whoosh's files byte for byte."""
    monkeypatch.setattr(postings, "BLOCK_PICKLE", 2)
    monkeypatch.setattr(postings, "COMPRESS_FROM", 0)
    monkeypatch.setattr(postings, "DEFLATE", zlib.compress)
    monkeypatch.setattr(postings, "POSITIONS_BLOCK", None)
    # Shared value objects pickle as back-references: give each posting its own, as the pool does
    monkeypatch.setattr(textfields, "_ONE_POSITION", [])
    compact = _build(tmp_path / "compact")
    monkeypatch.setattr(writing, "PostingPool", tuning.WHOOSH_POOL)
    monkeypatch.setattr(writing.SegmentWriter, "_flush_segment", tuning.WHOOSH_FLUSH)
    whoosh = _build(tmp_path / "whoosh")
    assert {".trm", ".pst", "._text_len.col", "._stored.col"} <= compact.keys()
    assert compact.keys() == whoosh.keys()
    for name, content in compact.items():
        assert content == whoosh[name], name


def test_multi_block_terms_are_covered(tmp_path):
    """The comparison above is only worth something if terms span several blocks."""
    _build(tmp_path / "ix")
    with whoosh_index.open_dir(str(tmp_path / "ix")).reader() as reader:
        assert reader.doc_frequency("exact", "the") > 2 * 128


@pytest.mark.parametrize("fieldname", ["exact", "text", "role", "member"])
def test_pool_yields_postings_in_whoosh_order(fieldname):
    pool = postings.CompactPool()
    items = [(fieldname, b"b", 1, 1.0, b"x"), (fieldname, b"a", 2, 2.0, None),
             (fieldname, b"b", 3, 1.0, b"yz"), (fieldname, b"a", 5, 1.0, None)]  # fmt: skip
    for item in items:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(items, key=lambda t: (t[1], t[2]))


def test_values_of_mixed_sizes_stay_with_their_postings():
    """A merge adds postings one by one (any value size) to a field added by documents."""
    pool = postings.CompactPool()
    pool.add_field("text", 4, 0, [(b"a", 1, 1.0, b"\0\0\0\1")], 1.0, True)
    pool.add(("text", b"a", 1, 2.0, b"\0\0\0\2"))
    pool.add(("text", b"a", 2, 1.0, b"xyz"))
    pool.add_field(
        "text", 4, 3, [(b"a", 1, 1.0, b"\0\0\0\4"), (b"b", 1, 1.0, b"\0\0\0\1")], 1.0, True
    )
    pool.add_field("role", 0, 4, [(b"answer", 1, 1.0, b"")], 1.0, False)
    assert list(pool.iter_postings()) == [
        ("role", b"answer", 4, 1.0, None),
        ("text", b"a", 0, 1.0, b"\0\0\0\1"),
        ("text", b"a", 1, 2.0, b"\0\0\0\2"),
        ("text", b"a", 2, 1.0, b"xyz"),
        ("text", b"a", 3, 1.0, b"\0\0\0\4"),
        ("text", b"b", 3, 1.0, b"\0\0\0\1"),
    ]


def _postings(path: Path) -> list:
    """Every term's postings as Whoosh's reader decodes them: (field, term, [(doc, weight,
    value)])."""
    with whoosh_index.open_dir(str(path)).reader() as reader:
        found = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found.append((fieldname, text, items))
        return found


def _block_compressions(path: Path) -> set[int]:
    """The compression level recorded in each block header of the segment's postings file."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    levels: set[int] = set()
    original = W3LeafMatcher._goto

    def spy(self, position):
        original(self, position)
        levels.add(self._compression)

    W3LeafMatcher._goto = spy
    try:
        _postings(path)
    finally:
        W3LeafMatcher._goto = original
    return levels


def test_build_settings_read_back_as_whoosh_writes(tmp_path, monkeypatch):
    """Blocks pickled with protocol 4, small ones uncompressed (the build's settings): Whoosh's
    own reader decodes exactly the postings Whoosh's writer wrote."""
    assert postings.BLOCK_PICKLE == 4 and postings.COMPRESS_FROM > 0
    assert postings.POSITIONS_BLOCK > 128
    _build(tmp_path / "compact")
    ours = _postings(tmp_path / "compact")
    assert _block_compressions(tmp_path / "compact") == {0, 3}  # both kinds are covered
    monkeypatch.setattr(writing, "PostingPool", tuning.WHOOSH_POOL)
    monkeypatch.setattr(writing.SegmentWriter, "_flush_segment", tuning.WHOOSH_FLUSH)
    monkeypatch.setattr(columns.CompressedBytesColumn.Writer, "add", tuning.WHOOSH_STORED_ADD)
    _build(tmp_path / "whoosh")
    assert ours == _postings(tmp_path / "whoosh")
    assert len(ours) > 1000
    assert _stored(tmp_path / "compact") == _stored(tmp_path / "whoosh")


def _stored(path: Path) -> list[dict]:
    with whoosh_index.open_dir(str(path)).reader() as reader:
        return [reader.stored_fields(docnum) for docnum in range(reader.doc_count_all())]
