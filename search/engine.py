"""Search the index and return plain records (``hansard.records``), never Whoosh objects.

Speed notes, each measured (see the report of issue 4):

- The opened index and its searcher are kept per process (renewed when a writer commits or a
  rebuild swaps directories), so repeated searches pay no open cost.
- Filters never rank (a constant score: asked as 0.0, which Whoosh's ``ListMatcher`` turns
  into 1.0, the same for every match); date ranges come from the ``order`` column by
  bisection (``search.datespan``) instead of Whoosh's union of every date term in the range.
- Offices, departments and ministers resolve through their short lexicons to whole-value terms,
  not phrase queries over words as common as "of" and "state".
- A one-word search is ranked a block of postings at a time (``search.termscore``), the same
  hits as Whoosh's top-k collector at a fraction of its per-posting cost; so are a word or an
  exact phrase under filters (``search.ranked``), reading the word's blocks only where the
  filters allow, with Whoosh's scores and an exact total.
- Filters, totals, facets and date sorting take their documents from set arithmetic over
  posting blocks (``search.docsets``), not from Whoosh's matchers posting by posting.
- The total of a one-word search is its document frequency; other searches are scored in one
  pass that also counts, instead of Whoosh's second pass to count.
- Sorting by date and facets read whole columns once per segment into arrays, then use a heap or
  a Counter: no Python call per matching document into Whoosh's column readers.
- Phrases check adjacency by intersecting position sets (``search.phrase``), not with Whoosh's
  span objects, on the postings of documents holding every word, read block by block.
- ``--topic`` resolves through the exchanges' first turns to every turn of them
  (``search.topic``), since the topic is indexed once per exchange.
"""

from __future__ import annotations

import heapq
import sys
import threading
from array import array
from collections import Counter
from pathlib import Path

from whoosh import query as wq
from whoosh.columns import EmptyColumnReader

from hansard.datadir import index_dir
from hansard.errors import HansardError, UsageError
from hansard.records import SearchHit, SearchRequest, SearchResult, Turn
from index.manifest import index_exists, opening, read_manifest, staleness_warning
from index.schema import SCHEMA_VERSION
from search import datespan, syntax, termscore
from search import query as q
from search import ranked as ranked_hits
from search.datespan import numbers
from search.docsets import segment_docs
from search.snippets import snippet
from search.topic import topic_filter

FACETS = {
    "member": "member_facet",
    "minister": "minister_facet",
    "department": "department_facet",
    "party": "party_facet",
    "year": "year",
}
SORTS = ("relevance", "date", "-date")

_lock = threading.Lock()
_open: dict[str, tuple[object, object, int | None]] = {}
_refs_cache: dict[tuple[str, str], tuple[array, list[bytes]]] = {}


def _searcher(data_dir: Path):
    """The process's searcher for this data dir, refreshed when the index has changed.

    Changed means a writer committed (Whoosh's generation) or ``--rebuild`` swapped in another
    directory (its inode), so a long-lived process never serves a replaced index.
    """
    path = index_dir(data_dir)
    key = str(path.resolve())
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        inode = None
    with _lock:
        cached = _open.get(key)
        if cached is not None:
            ix, searcher, opened_inode = cached
            if opened_inode == inode:
                if not searcher.up_to_date():
                    # a fresh searcher, not refresh(): refresh() kept stale segment deletions
                    searcher.close()
                    searcher = ix.searcher()
                    _open[key] = (ix, searcher, inode)
                return searcher
            searcher.close()
            del _open[key]
        if inode is None or not index_exists(data_dir):
            raise HansardError(f"no index yet at {path}: run `hansard index` to build it")
        built_by = read_manifest(path).get("schema_version")
        if built_by not in (None, SCHEMA_VERSION):
            # An index of another layout would fail deep inside Whoosh; it is derived data, so
            # the fix is always a rebuild from the archive.
            raise HansardError(
                f"the index at {path} was built by another version of hansard (schema "
                f"{built_by}, this one reads {SCHEMA_VERSION}); run `hansard index --rebuild`"
            )
        from whoosh import index as whoosh_index

        with opening(path):
            ix = whoosh_index.open_dir(str(path))
            searcher = ix.searcher()
        _open[key] = (ix, searcher, inode)
        return searcher


def close_all() -> None:
    """Forget open searchers (tests that delete index directories call this)."""
    with _lock:
        for _ix, searcher, _inode in _open.values():
            searcher.close()
        _open.clear()
        _refs_cache.clear()
        datespan.clear_caches()
        termscore.clear_caches()


# -- resolving names ---------------------------------------------------------------------------


def _member_ids(searcher, matching: wq.Query) -> set[str]:
    """The member ids of the turns a name query matches: a name resolves to the people it names."""
    ids: set[str] = set()
    if _cannot_match(searcher, matching):
        return ids
    for segment, _offset in _segments(searcher):
        refs, uniques = _refs(segment, "member_id")
        found = {refs[docnum] for docnum in segment_docs(segment, matching)}
        ids.update(uniques[ref].decode() for ref in found if uniques[ref])
    return ids


def _cannot_match(searcher, query: wq.Query) -> bool:
    """True when a term, or an And of terms, holds a term the index has never seen.

    ``--minister "Secretary of State for Defence"`` is also tried as a name: "secretary" is no
    member's name, so the answer is known from the lexicon, without walking every answer turn
    that Whoosh's intersection would visit first.
    """
    query = query.normalize()  # nested Ands flattened: And([role, And(name words)])
    if isinstance(query, wq.Term):
        terms = [query]
    elif isinstance(query, wq.And) and all(isinstance(q, wq.Term) for q in query.subqueries):
        terms = query.subqueries
    else:
        return False
    return any(searcher.doc_frequency(t.fieldname, t.text) == 0 for t in terms)


def _id_terms(ids: set[str]) -> list[wq.Query]:
    return [wq.Term("member_id", i) for i in sorted(ids)]


def member_resolver(searcher):
    def resolve(value: str) -> wq.Query:
        if value.isdigit():
            return wq.Term("member_id", value)
        by_name = q.name_words("member", q.normalise_name(value))
        if by_name is wq.NullQuery:
            raise UsageError(f"member: {value!r} holds no name to look for")
        ids = _member_ids(searcher, by_name)
        return wq.Or([by_name, *_id_terms(ids)]) if ids else by_name

    return resolve


def _values_containing(searcher, fieldname: str, words: str) -> list[str]:
    """The whole values of a key field equal to these words, or else containing them in order.

    "Prime Minister" is that office, not also "Deputy Prime Minister"; but "Home Office", which
    no office is called, finds every "Minister of State, Home Office" and the like.
    """
    lexicons = searcher.__dict__.setdefault("_hansard_lexicons", {})
    values = lexicons.get(fieldname)
    if values is None:
        values = lexicons[fieldname] = [v.decode("utf-8") for v in searcher.lexicon(fieldname)]
    if words in values_set(searcher, fieldname, values):
        return [words]
    needle = f" {words} "
    return [v for v in values if needle in f" {v} "]


def values_set(searcher, fieldname: str, values: list[str]) -> set[str]:
    sets = searcher.__dict__.setdefault("_hansard_value_sets", {})
    found = sets.get(fieldname)
    if found is None:
        found = sets[fieldname] = set(values)
    return found


def _any_value(fieldname: str, values: list[str]) -> wq.Query:
    if not values:
        return wq.NullQuery
    terms = [wq.Term(fieldname, v) for v in values]
    return terms[0] if len(terms) == 1 else wq.Or(terms)


def minister_resolver(searcher):
    """An office ("Solicitor General") or a name ("Robert Buckland"): answers only, either way."""

    def resolve(value: str) -> wq.Query:
        words = q.normalise_office(value)
        if not words:
            raise UsageError(f"minister: {value!r} holds no office or name to look for")
        name = q.normalise_name(value)
        values = _values_containing(searcher, "minister", words)
        if name and name != words:  # "Mr. Roy Mason" is stored as the name "roy mason"
            values += [v for v in _values_containing(searcher, "minister", name) if v not in values]
        as_printed = _any_value("minister", values)
        named = q.name_words("member", name)
        ids = _member_ids(searcher, wq.And([wq.Term("role", "answer"), named]))
        if not ids:
            return as_printed
        by_id = wq.And([wq.Term("role", "answer"), wq.Or(_id_terms(ids))])
        return by_id if as_printed is wq.NullQuery else wq.Or([as_printed, by_id])

    return resolve


def value_resolver(searcher, fieldname: str):
    """Department or office: every whole value in the index that contains these words."""

    def resolve(value: str) -> wq.Query:
        words = q.normalise_office(value)
        if not words:
            raise UsageError(f"{fieldname}: {value!r} holds no name to look for")
        return _any_value(fieldname, _values_containing(searcher, fieldname, words))

    return resolve


# -- search ------------------------------------------------------------------------------------


def build_query(searcher, request: SearchRequest) -> tuple[wq.Query | None, list[wq.Query]]:
    """(the scored words query or None, the filters) for a request; bad input -> UsageError."""
    resolvers = {
        "member": member_resolver(searcher),
        "minister": minister_resolver(searcher),
        "department": value_resolver(searcher, "department"),
        "office": value_resolver(searcher, "office"),
        "topic": lambda value: topic_filter(searcher, q.stemmed_query("topic", value)),
    }
    if _is_empty(searcher):  # nothing to resolve against; the query is still checked
        resolvers = dict.fromkeys(resolvers, lambda _value: wq.NullQuery)
    tree, filter_nodes = syntax.request_nodes(request)
    words = q.compile_node(tree, resolvers) if tree is not None else None
    filters = [q.compile_node(node, resolvers) for node in filter_nodes]
    return words, filters


def search(data_dir: Path, request: SearchRequest) -> SearchResult:
    syntax.check_request(request)
    searcher = _searcher(data_dir)
    words, filters = build_query(searcher, request)
    if _is_empty(searcher):
        return SearchResult(hits=(), total=0, facets={name: [] for name in request.facets})
    whole = _combine(words, filters)
    whole = whole.normalize()

    sort = request.sort
    if sort == "relevance" and words is None:
        sort = "-date"  # nothing to rank by: newest first, each sitting in order
    limit = request.limit
    if sort == "relevance":
        # Block-skipping pays only when the total comes cheap (a single term: its document
        # frequency); otherwise the total needs every match, so score them all in one pass.
        k = 1 if limit == 0 else limit
        ranked = termscore.top_hits(searcher, whole, k) if isinstance(whole, wq.Term) else None
        found = None if ranked is not None else ranked_hits.top_hits(searcher, whole, k)
        if ranked is not None:
            total = _total(searcher, whole, None)
        elif found is not None:
            ranked, total = found
        else:
            results = searcher.search(whole, limit=k, optimize=isinstance(whole, wq.Term))
            total = _total(searcher, whole, results, k)
            ranked = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
    else:
        total, docnums = _sorted_by_column(
            searcher, whole, "order" if sort == "date" else "order_desc", limit
        )
        ranked = [(docnum, 0.0) for docnum in docnums]
    hits: list[SearchHit] = []
    if limit != 0:
        marks = _mark_terms(words)
        for docnum, score in ranked[:limit]:
            turn = Turn.from_json(searcher.stored_fields(docnum)["turn"])
            snip = snippet(turn.text, marks) if request.snippets else None
            hits.append(SearchHit(turn=turn, score=round(score, 4), snippet=snip))
    facets = _facets(searcher, whole, request.facets) if request.facets else {}
    return SearchResult(hits=tuple(hits), total=total, facets=facets)


def count(data_dir: Path, request: SearchRequest) -> int:
    """How many turns match, without ranking or loading any of them."""
    searcher = _searcher(data_dir)
    words, filters = build_query(searcher, request)
    if _is_empty(searcher):
        return 0
    whole = _combine(words, filters).normalize()
    return _total(searcher, whole, None)


def _is_empty(searcher) -> bool:
    """An index with no segment yet (built from an empty archive, or a first build killed):
    its reader has no columns, so the column-reading paths must not run at all."""
    return searcher.doc_count_all() == 0


def _total(searcher, whole: wq.Query, results, limit: int | None = None) -> int:
    """Every match, counted cheaply when the index already knows the answer.

    A single term in a segment without deletions matches exactly its document frequency, and
    ``Every`` matches every live document; otherwise the matches are walked once.
    """
    if isinstance(whole, wq.Every):
        return searcher.doc_count()
    if isinstance(whole, wq.Term):
        total = 0
        for segment, _offset in _segments(searcher):
            reader = segment.reader()
            if reader.has_deletions():
                total += len(segment_docs(segment, whole))
            else:
                total += reader.doc_frequency(whole.fieldname, whole.text)
        return total
    if results is not None and (limit is None or results.scored_length() < limit):
        return results.scored_length()  # fewer than the limit: every match was scored
    # Whoosh's top-k collector may skip matches that cannot reach the top (an OR query's total
    # came out 57 of 78 with a limit of 3), so past the limit the matches are counted afresh.
    return sum(len(segment_docs(segment, whole)) for segment, _offset in _segments(searcher))


def _sorted_by_column(
    searcher, whole: wq.Query, column: str, limit: int | None
) -> tuple[int, list[int]]:
    """(every match, the first ``limit`` doc numbers by a numeric column), without Whoosh's
    sorting collector, which reads the column one Python call per matching document."""
    candidates: list[tuple[int, int]] = []
    total = 0
    for segment, offset in _segments(searcher):
        keys = numbers(segment.reader(), column)
        docs = segment_docs(segment, whole)
        total += len(docs)
        pairs = ((keys[d], d + offset) for d in docs)
        candidates.extend(pairs if limit is None else heapq.nsmallest(limit, pairs))
    top = sorted(candidates) if limit is None else heapq.nsmallest(limit, candidates)
    return total, [docnum for _key, docnum in top]


def _combine(words: wq.Query | None, filters: list[wq.Query]) -> wq.Query:
    """Words rank; filters only restrict: a constant score (Whoosh adds 1.0 for the 0.0 asked,
    see ``search.ranked``) is the same for every match and leaves the ranking to the words."""
    if any(f is wq.NullQuery for f in filters):
        # A filter that can match nothing (an office nobody answered as) must empty the result:
        # Whoosh's And() would silently drop it and return everything the other filters allow.
        return wq.NullQuery
    if words is None:
        if not filters:
            return wq.Every()
        return filters[0] if len(filters) == 1 else wq.And(filters)
    if not filters:
        return words
    unscored = [f if isinstance(f, datespan.DateSpan) else wq.ConstantScoreQuery(f, 0.0)
                for f in filters]  # fmt: skip
    return wq.And([words, *unscored])


def _mark_terms(words: wq.Query | None) -> tuple[set[str], list[tuple[str, ...]]]:
    """(stemmed words, verbatim phrases) to mark in snippets, from the positive text terms."""
    stems: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    if words is None:
        return stems, phrases

    def walk(node: wq.Query, negated: bool) -> None:
        if isinstance(node, wq.Not):
            walk(node.query, not negated)
            return
        if negated:
            return
        if isinstance(node, wq.Phrase) and node.fieldname == "exact":
            phrases.append(tuple(node.words))
        elif isinstance(node, wq.Term) and node.fieldname in ("text", "exact"):
            if node.fieldname == "exact":
                phrases.append((node.text,))
            else:
                stems.add(node.text)
        for child in node.children():
            walk(child, negated)

    walk(words, False)
    return stems, phrases


# -- facets ------------------------------------------------------------------------------------


def _segments(searcher):
    subs = searcher.subsearchers
    return subs if subs else [(searcher, 0)]


def _refs(segment_searcher, fieldname: str) -> tuple[array, list[bytes]]:
    """A segment's whole dictionary-coded column as (refs, uniques), read once and cached."""
    reader = segment_searcher.reader()
    key = (str(reader.segment().segment_id()) if hasattr(reader, "segment") else "", fieldname)
    cached = _refs_cache.get(key)
    if cached is not None:
        return cached
    column = reader.column_reader(fieldname)
    inner = getattr(column, "_child", column)  # translating wrappers hold the raw reader
    while hasattr(inner, "_reader"):
        inner = inner._reader
    if isinstance(inner, EmptyColumnReader):
        # A segment where no turn has a value (a historic page: no member ids) stores no column.
        value = (array("B", bytes(reader.doc_count_all())), [b""])
        _refs_cache[key] = value
        return value
    refs = array(inner._typecode)
    refs.frombytes(inner._dbfile.get(inner._basepos, inner._doccount * inner._itemsize))
    if refs.itemsize > 1 and sys.byteorder == "little":
        refs.byteswap()  # stored big-endian
    value = (refs, list(inner._uniques))
    _refs_cache[key] = value
    return value


def _facets(searcher, whole: wq.Query, names: tuple[str, ...]) -> dict:
    """Counts over ALL matches: one pass over the matching doc numbers per segment."""
    counters = {name: Counter() for name in names}
    for segment, _offset in _segments(searcher):
        docs = segment_docs(segment, whole)
        if not docs:
            continue
        for name in names:
            refs, uniques = _refs(segment, FACETS[name])
            by_ref = Counter(map(refs.__getitem__, docs))
            counter = counters[name]
            for ref, n in by_ref.items():
                value = uniques[ref]
                if value:
                    counter[value.decode("utf-8")] += n
    return {
        name: tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        for name, counter in counters.items()
    }


# -- turns and exchanges -----------------------------------------------------------------------


def get_turn(data_dir: Path, turn_id: str) -> Turn | None:
    searcher = _searcher(data_dir)
    stored = searcher.document(id=turn_id)
    return Turn.from_json(stored["turn"]) if stored else None


def exchange(data_dir: Path, turn_id: str) -> list[Turn]:
    """Every turn of the exchange this turn belongs to, in sitting order ([] if no such turn)."""
    turn = get_turn(data_dir, turn_id)
    if turn is None:
        return []
    if not turn.exchange_id:
        return [turn]
    searcher = _searcher(data_dir)
    from index.schema import day_term

    found = searcher.search(
        wq.And(
            [wq.Term("exchange", turn.exchange_id), wq.Term("day", day_term(turn.house, turn.date))]
        ),
        limit=None,
        sortedby="order",
    )
    return [Turn.from_json(hit["turn"]) for hit in found]


# -- stats -------------------------------------------------------------------------------------


def stats(data_dir: Path) -> dict:
    """What the archive and the index hold, and whether the index is behind the archive."""
    from search.summary import archive_summary

    result: dict = {
        "archive": archive_summary(data_dir),
        "index": None,
        "warning": None,
    }
    if index_exists(data_dir):
        searcher = _searcher(data_dir)
        path = index_dir(data_dir)
        manifest = read_manifest(path)
        size = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        result["index"] = {
            "path": str(path),
            "turns": searcher.doc_count(),
            "segments": len(_segments(searcher)) if searcher.subsearchers else 1,
            "sittings": len(manifest.get("days", {})),
            "schema_version": manifest.get("schema_version"),
            "size_mb": round(size / 1e6, 2),
            "indexed_at": manifest.get("indexed_at"),
        }
        result["warning"] = staleness_warning(data_dir)
    return result


def warning(data_dir: Path) -> str | None:
    """The "archive newer than index" warning the CLI prints to stderr (None when current)."""
    if not index_exists(data_dir):
        return None
    return staleness_warning(data_dir)


__all__ = ["count", "exchange", "get_turn", "search", "stats", "warning"]
