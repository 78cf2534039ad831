"""tantivy (Rust, Lucene-like) doing the benchmark's workload: the reference for the ceiling.

Same content as the Whoosh index: every turn stored (as its JSON), the text indexed stemmed and
unstemmed, filters as exact terms, date and party as fast (columnar) fields for sorting and
faceting. A day is replaced by deleting one ``day`` term, not turn by turn.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import tantivy

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import Turn

NAME = "tantivy"
HEAP_BYTES = 256_000_000


def store_path(workdir: Path) -> Path:
    return workdir / "tantivy"


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw")
    builder.add_text_field("day", tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name="en_stem")
    builder.add_text_field("text_exact", tokenizer_name="default")
    builder.add_integer_field("member_id", indexed=True, fast=True)
    builder.add_text_field("office", tokenizer_name="raw")
    builder.add_text_field("party", tokenizer_name="raw", fast=True)
    builder.add_integer_field("date", indexed=True, fast=True)
    builder.add_bytes_field("record", stored=True, indexed=False)
    return builder.build()


def _document(turn: Turn) -> tantivy.Document:
    return tantivy.Document(
        id=turn.id,
        day=f"{turn.house}/{turn.date}",
        text=turn.text,
        text_exact=turn.text,
        member_id=turn.member_id if turn.member_id is not None else -1,
        office=turn.speaker_office or "",
        party=turn.party or "",
        date=int(turn.date.replace("-", "")),
        record=turn.to_json().encode(),
    )


def build(data_dir: Path, workdir: Path) -> int:
    path = store_path(workdir)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(path))
    writer = index.writer(HEAP_BYTES)
    count = 0
    for turn in Archive(archive_dir(data_dir)).iter_turns():
        writer.add_document(_document(turn))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


def update(data_dir: Path, workdir: Path, house: str, date: str) -> int:
    turns = Archive(archive_dir(data_dir)).read_turns(house, date)
    index = tantivy.Index.open(str(store_path(workdir)))
    writer = index.writer(50_000_000, 1)
    writer.delete_documents_by_term("day", f"{house}/{date}")
    for turn in turns:
        writer.add_document(_document(turn))
    writer.commit()
    writer.wait_merging_threads()
    return len(turns)


class Searcher:
    def __init__(self, workdir: Path) -> None:
        self.index = tantivy.Index.open(str(store_path(workdir)))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def run(self, spec: dict[str, Any]) -> tuple[int, list[Turn], dict[str, list]]:
        Occur, Query = tantivy.Occur, tantivy.Query
        parts = []
        if spec.get("words"):
            parts.append(self.index.parse_query(spec["words"], ["text"]))
        if spec.get("phrase"):
            parts.append(self.index.parse_query('"' + spec["phrase"] + '"', ["text_exact"]))
        if spec.get("member"):
            parts.append(Query.term_query(self.schema, "member_id", spec["member"]["id"]))
        if spec.get("office"):
            parts.append(Query.term_query(self.schema, "office", spec["office"]))
        if spec.get("date_from") or spec.get("date_to"):
            low = int((spec.get("date_from") or "0000-00-00").replace("-", ""))
            high = int((spec.get("date_to") or "9999-12-31").replace("-", ""))
            parts.append(
                Query.range_query(self.schema, "date", tantivy.FieldType.Integer, low, high)
            )
        query = (
            Query.boolean_query([(Occur.Must, p) for p in parts]) if parts else Query.all_query()
        )
        limit = int(spec.get("limit", 20))
        sort = spec.get("sort", "relevance")
        scored = sort == "relevance" and (spec.get("words") or spec.get("phrase"))
        if scored:
            result = self.searcher.search(query, limit, count=True)
        else:
            order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
            result = self.searcher.search(
                query, limit, count=True, order_by_field="date", order=order
            )
        hits = [
            Turn.from_json(self.searcher.doc(address)["record"][0].decode())
            for _, address in result.hits
        ]
        facets: dict[str, list] = {}
        if spec.get("facet"):
            field = {"party": "party", "member": "member_id"}[spec["facet"]]
            answer = self.searcher.aggregate(
                query, {"facet": {"terms": {"field": field, "size": 1000}}}
            )
            facets[spec["facet"]] = [(b["key"], b["doc_count"]) for b in answer["facet"]["buckets"]]
        return result.count, hits, facets
