"""An index whose turns carry no member id at all (a historic day alone) still answers by name.

Whoosh writes no column for a field no document of a segment has; the member and minister
resolvers and the member facet read that column, and must take its absence as "no ids here".
"""

from __future__ import annotations

import pytest
from search_sample import day_1975_01_14

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import SearchRequest
from index.build import rebuild
from search.engine import search


@pytest.fixture(scope="module")
def historic_only(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("historic-only")
    turns = day_1975_01_14()
    assert all(t.member_id is None for t in turns)
    archive = Archive(archive_dir(data_dir))
    with archive.lock():
        archive.write_turns("Commons", "1975-01-14", turns)
    rebuild(data_dir)
    return data_dir, turns


@pytest.mark.parametrize("option", ["member", "minister"])
def test_name_filters_on_an_index_without_member_ids(historic_only, option) -> None:
    data_dir, turns = historic_only
    speaker = next(t for t in turns if t.role == ("answer" if option == "minister" else "question"))
    result = search(data_dir, SearchRequest(limit=None, **{option: speaker.speaker_name}))
    assert speaker.id in {hit.turn.id for hit in result.hits}


def test_member_facet_on_an_index_without_member_ids(historic_only) -> None:
    data_dir, turns = historic_only
    result = search(data_dir, SearchRequest(limit=0, facets=("member",)))
    assert result.total == len(turns)
    assert sum(n for _name, n in result.facets["member"]) >= 1
