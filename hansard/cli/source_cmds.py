"""``hansard import-parlparse`` and ``hansard members``: second sources and member names.

Neither touches Scrapy. ``import-parlparse`` reads TheyWorkForYou's XML from disk; ``members``
reads the archive and the Members API cache, and goes to the network only with ``--fetch``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from hansard.cli.common import HTTP_URL, data_dir_option, output_options


@click.command("import-parlparse")
@click.argument(
    "paths",
    metavar="FILE_OR_DIR...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace days the archive already holds from a crawl (by default those are kept).",
)
@click.option(
    "--members",
    "members_dir",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="ParlParse's members/ folder (people.json or people.xml, ministers.json, "
    "ministers-2010.json: whichever are present): fills Members API ids and ministers' offices.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@data_dir_option
def import_parlparse(
    paths: tuple[Path, ...], replace: bool, members_dir: Path | None, quiet: bool, data_dir: Path
) -> None:
    """Import TheyWorkForYou/ParlParse debate XML (debatesYYYY-MM-DD*.xml) into the archive.

    Keeps only the oral questions, under the same attribution rules as crawled pages. Of several
    versions of one day (a, b, c...) only the latest is read. A day imported again is replaced
    whole, never duplicated; a day already crawled from Hansard is kept unless --replace (the
    crawl knows member ids, ParlParse does not). Ids are ParlParse gids; each turn links to its
    TheyWorkForYou page. Exits 1 if any file could not be read.

    ParlParse names speakers by its own ids. With --members (ParlParse's members/ files) each
    turn gets its speaker's Members API id, as crawled turns have, and a minister's turn that
    prints no office gets the office held that day; speakers the files do not cover keep none.

    \b
    Example:
        rsync -az data.theyworkforyou.com::parldata/scrapedxml/debates/debates2009-10-2* xml/
        hansard import-parlparse xml/
        hansard import-parlparse debates2009-10-26b.xml --replace
        hansard import-parlparse xml/ --members parlparse/members/
    """
    from crawler.parlparse import find_xml_files, latest_versions, peek_version
    from hansard.archive import Archive
    from hansard.datadir import archive_dir
    from hansard.errors import HansardError, ParseError

    files = find_xml_files(list(paths))
    if not files:
        raise HansardError(
            "no .xml files found in "
            + ", ".join(str(p) for p in paths)
            + "; name ParlParse debates files or a directory holding them"
        )
    members = None
    if members_dir is not None:
        from crawler.parlparse_members import load_member_data

        members = load_member_data(members_dir)
    summary = _ImportSummary(members_read=members is not None)
    versions = []
    for path in files:
        try:
            versions.append(peek_version(path))
        except (ParseError, OSError) as error:
            summary.failed.append(_file_error(path, error))
    kept, skipped, refused = latest_versions(versions)
    summary.notes.extend(skipped)
    summary.failed.extend(refused)
    archive = Archive(archive_dir(data_dir))
    with archive.lock():
        for version in kept:  # one file in memory at a time, however many are imported
            _import_one(archive, version.path, replace, summary, members)
    summary.index_updated = _update_index(data_dir, summary.days)
    _report(summary, quiet)
    if summary.failed:
        sys.exit(1)


def _file_error(path: Path, error: Exception) -> str:
    return str(error) if path.name in str(error) else f"{path}: {error}"


@dataclass
class _ImportSummary:
    days: list[tuple[str, str]] = field(default_factory=list)
    turns: int = 0
    notes: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    index_updated: bool = False
    members_read: bool = False
    speakers: set[str] = field(default_factory=set)
    mapped: set[str] = field(default_factory=set)


def _import_one(
    archive: Any, path: Path, replace: bool, summary: _ImportSummary, members: Any = None
) -> None:
    from crawler.parlparse import file_turns, read_parlparse_file
    from hansard.errors import ParseError

    try:
        day_file = read_parlparse_file(path)
    except (ParseError, OSError) as error:
        summary.failed.append(_file_error(path, error))
        return
    house, date = day_file.house, day_file.date
    turns = file_turns(day_file, members)
    if not turns:
        summary.notes.append(f"{day_file.name}: no oral questions in {house} {date}")
        return
    existing = archive.read_turns(house, date)
    if existing and not _from_parlparse(existing) and not replace:
        summary.notes.append(
            f"{day_file.name}: kept the crawled turns of {house} {date} "
            "(add --replace to use ParlParse's instead)"
        )
        return
    held = _parlparse_version(existing)
    if held and held > day_file.version:
        summary.notes.append(
            f"{day_file.name}: kept the archive's later version {held!r} of {house} {date}"
        )
        return
    archive.write_turns(house, date, turns)
    summary.days.append((house, date))
    summary.turns += len(turns)
    if members is not None:
        for turn in turns:
            raw = day_file.speakers.get(turn.id)
            speaker = members.person(raw) or raw
            if speaker:
                summary.speakers.add(speaker)
                if turn.member_id is not None:
                    summary.mapped.add(speaker)


def _from_parlparse(turns: Iterable[Any]) -> bool:
    return all("theyworkforyou.com" in t.url for t in turns)


def _parlparse_version(turns: list[Any]) -> str | None:
    """The version letter of archived ParlParse turns ("b" of ``2009-10-26b.1.7``)."""
    if not turns or not _from_parlparse(turns):
        return None
    head = turns[0].id.split(".", 1)[0]
    return head[10:] or None


def _update_index(data_dir: Path, days: list[tuple[str, str]]) -> bool:
    """Keep an existing index in step; no index (or no index module yet), nothing to do."""
    if not days:
        return False
    try:
        from index.build import update_days
        from index.manifest import index_exists
    except ImportError:
        return False
    if not index_exists(data_dir):
        return False
    update_days(data_dir, days)
    return True


def _report(summary: _ImportSummary, quiet: bool) -> None:
    if not quiet:
        for note in summary.notes:
            click.echo(note, err=True)
    for failure in summary.failed:
        click.echo(f"hansard: error: {failure}", err=True)
    line = f"imported {summary.turns} turns on {len(summary.days)} day(s)"
    if summary.members_read:
        line += (
            f"; {len(summary.mapped)} of {len(summary.speakers)} speakers mapped to Members API ids"
        )
    if summary.index_updated:
        line += "; index updated"
    click.echo(line)


# -- members ----------------------------------------------------------------------------------


@click.command()
@click.argument("name", required=False)
@click.option(
    "--fetch",
    is_flag=True,
    help="Ask the Members API for members the cache does not know yet (then cached).",
)
@click.option(
    "--members-api",
    type=HTTP_URL,
    default="https://members-api.parliament.uk",
    show_default=True,
    help="The Members API to ask with --fetch (a mirror, or a local test server).",
)
@click.option(
    "--enrich",
    is_flag=True,
    help="Also fill missing speaker names, parties and seats in the archive from the cache "
    "(as they were on each sitting day; printed values are never changed).",
)
@output_options(("text", "json"))
@data_dir_option
def members(
    name: str | None,
    fetch: bool,
    members_api: str,
    enrich: bool,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """List the members the archive knows, with their ids and every name form seen.

    Name forms come from the archived turns (as Hansard printed them) and from the Members API
    cache. NAME keeps members any of whose names, offices or seats contain it (any case).
    Members without an id (historic pages, ParlParse imports) are listed by printed name.
    --fetch asks the Members API about ids the cache lacks (one request per 20 members);
    --enrich then writes the names into the archive, e.g. "Mr Speaker" turns get his name.

    \b
    Example:
        hansard members
        hansard members ghani --format json
        hansard members --fetch --enrich
    """
    from hansard.archive import Archive
    from hansard.datadir import archive_dir
    from hansard.members import MemberResolver

    resolver = MemberResolver.for_data_dir(data_dir, api_url=members_api, offline=not fetch)
    archive = Archive(archive_dir(data_dir))
    entries = _collect_members(archive.iter_turns())
    if fetch:
        resolver.prefetch(e.member_id for e in entries.values() if e.member_id is not None)
        if resolver.unreachable:
            click.echo(
                f"hansard: warning: Members API unreachable ({resolver.unreachable}); "
                "showing what the cache holds",
                err=True,
            )
    if enrich:
        with archive.lock():
            changed = _enrich_archive(archive, resolver)
        click.echo(
            f"enriched {len(changed)} day(s)"
            + ("; index updated" if _update_index(data_dir, changed) else ""),
            err=True,
        )
        entries = _collect_members(archive.iter_turns())
    rows = []
    for entry in entries.values():
        row = entry.to_dict()
        if entry.member_id is not None:
            info = resolver.lookup(entry.member_id)
            row["api_names"] = resolver.name_forms(entry.member_id)
            row["name"] = (info.name if info else None) or row["name"]
        if name is None or _matches(row, name):
            rows.append(row)
    rows.sort(key=lambda r: (_label(r).lower(), r["member_id"] or 0))
    text = _render_members(rows, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        from hansard import atomic

        atomic.write_text(output, text)


def _enrich_archive(archive: Any, resolver: Any) -> list[tuple[str, str]]:
    """Rewrite the days whose turns gain a name, party or seat; returns those days."""
    from hansard.members import enrich_turns

    changed = []
    for house, date in archive.days():
        turns = archive.read_turns(house, date)
        enriched = enrich_turns(turns, resolver)
        if enriched != turns:
            archive.write_turns(house, date, enriched)
            changed.append((house, date))
    return changed


@dataclass
class _MemberEntry:
    member_id: int | None
    names: dict[str, int] = field(default_factory=dict)
    offices: set[str] = field(default_factory=set)
    constituencies: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    turns: int = 0
    first: str | None = None
    last: str | None = None

    def to_dict(self) -> dict[str, Any]:
        names = sorted(self.names, key=lambda n: -self.names[n])
        return {
            "member_id": self.member_id,
            "name": names[0] if names else None,
            "names": names,
            "api_names": [],
            "offices": sorted(self.offices),
            "constituencies": sorted(self.constituencies),
            "parties": sorted(self.parties),
            "turns": self.turns,
            "first_date": self.first,
            "last_date": self.last,
        }


def _collect_members(turns: Iterable[Any]) -> dict[object, _MemberEntry]:
    entries: dict[object, _MemberEntry] = {}
    for turn in turns:
        if turn.member_id is None and not turn.speaker_name:
            continue
        # A historic short form ("Mr. Mason") is one member with the fuller name the page gave.
        known_as = turn.speaker_full_name or turn.speaker_name
        key: object = turn.member_id if turn.member_id is not None else ("name", known_as)
        entry = entries.setdefault(key, _MemberEntry(turn.member_id))
        for name in dict.fromkeys(n for n in (turn.speaker_full_name, turn.speaker_name) if n):
            entry.names[name] = entry.names.get(name, 0) + 1
        for value, bucket in (
            (turn.speaker_office, entry.offices),
            (turn.constituency, entry.constituencies),
            (turn.party, entry.parties),
        ):
            if value:
                bucket.add(value)
        entry.turns += 1
        entry.first = min(entry.first or turn.date, turn.date)
        entry.last = max(entry.last or turn.date, turn.date)
    return entries


def _matches(row: dict[str, Any], needle: str) -> bool:
    needle = needle.casefold()
    haystack = [row["name"] or "", *row["names"], *row["api_names"], *row["offices"]]
    haystack += row["constituencies"]
    return any(needle in value.casefold() for value in haystack)


def _label(row: dict[str, Any]) -> str:
    """The member's name, or the office they were printed under when no name is known yet."""
    if row["name"]:
        return row["name"]
    office = row["offices"][0] if row["offices"] else "unnamed"
    return f"{office} [name not known: try --fetch]"


def _render_members(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if not rows:
        return "no members found\n"
    lines = []
    for row in rows:
        ident = str(row["member_id"]) if row["member_id"] is not None else "-"
        lines.append(
            f"{ident:>6}  {_label(row)}  ({row['turns']} turns, "
            f"{row['first_date']} to {row['last_date']})"
        )
        others = [n for n in dict.fromkeys(row["names"] + row["api_names"]) if n != row["name"]]
        if others:
            lines.append("        also: " + "; ".join(others))
        if row["offices"]:
            lines.append("        offices: " + "; ".join(row["offices"]))
        seats = [*row["constituencies"], *row["parties"]]
        if seats:
            lines.append("        seat/party: " + "; ".join(seats))
    return "\n".join(lines) + "\n"
