"""Member names, parties and seats from the Members API, cached on disk so they work offline.

Hansard prints an office and no name for a minister's later turns and for the chair ("Mr
Speaker"), and historic pages print no party or seat at all; the Members API knows all three by
member id, as they were on any date. Lookups are cached under ``<data-dir>/cache/members/`` as the
API's own JSON, so a second run (or a run with no network) answers from disk.

Never let this block a crawl: one short timeout, no retries, and after the first failure the
resolver stops asking for the rest of the run and leaves every field as printed. Enrichment only
fills fields the source left empty; it never overwrites what Hansard printed.

Cache layout (every file is the API's response body, as served)::

    members/<id>.json                  GET /api/Members/{id}
    members/<id>@<YYYY-MM-DD>.json     GET /api/Members/{id}?detailsForDate=YYYY-MM-DD
    members/history/<id>.json          one item of GET /api/Members/History?ids=...
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from hansard import PROJECT_URL, __version__, atomic
from hansard.datadir import cache_dir
from hansard.records import Turn

MEMBERS_API_URL = "https://members-api.parliament.uk"
TIMEOUT_S = 4.0
DELAY_S = 1.0
"""Seconds between two requests of one run: the Members API is asked politely too."""
HISTORY_BATCH = 20
USER_AGENT = f"hansard-qa/{__version__} (+{PROJECT_URL})"
_CHAIR_RE = re.compile(
    r"^(mr\.?|madam|the)\s+(deputy\s+)?(speaker|chairman|chair|first deputy chairman"
    r"|second deputy chairman)\b|^(the\s+)?(lord speaker|deputy speaker)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A member as they were on one date (fields are None when the cache cannot say)."""

    id: int
    name: str | None
    name_list_as: str | None = None
    party: str | None = None
    """The party's abbreviation as Hansard prints it ("Con", "Lab"; "Spk" for the Speaker)."""
    constituency: str | None = None
    house: str | None = None


class MemberResolver:
    """Member lookups by id, from the disk cache first and the Members API second.

    ``offline=True`` never touches the network (tests, ``hansard members``, a crawl with no
    connection); otherwise one request per batch of unknown ids, and none after a failure.
    """

    def __init__(
        self,
        cache_root: Path,
        api_url: str = MEMBERS_API_URL,
        offline: bool = False,
        timeout: float = TIMEOUT_S,
        delay: float = DELAY_S,
    ) -> None:
        self.cache_root = Path(cache_root)
        self.api_url = api_url.rstrip("/")
        self.offline = offline
        self.timeout = timeout
        self.delay = delay
        self.unreachable: str | None = None
        """Why the API was given up on this run (None while it answers)."""
        self.requests = 0
        self._asked: set[int] = set()
        """Ids already asked about this run: an id the API does not know is not asked again."""

    @classmethod
    def for_data_dir(cls, data_dir: Path, **kwargs: Any) -> MemberResolver:
        return cls(cache_dir(data_dir) / "members", **kwargs)

    # -- lookups ------------------------------------------------------------------------------

    def lookup(self, member_id: int, date: str | None = None) -> MemberInfo | None:
        """The member on ``date`` (or now), or None when neither cache nor API knows them."""
        history = self._read(self._history_path(member_id))
        if history is None and not self.offline:
            self.prefetch([member_id])
            history = self._read(self._history_path(member_id))
        dated = self._read(self._member_path(member_id, date)) if date else None
        latest = self._read(self._member_path(member_id, None))
        if history is None and dated is None and latest is None:
            return None
        return _combine(member_id, date, history, dated, latest)

    def prefetch(self, member_ids: Iterable[int]) -> None:
        """Fetch the history of every id not yet cached, a batch per request."""
        if self.offline or self.unreachable:
            return
        missing = sorted(
            {i for i in member_ids if i not in self._asked and not self._history_path(i).exists()}
        )
        self._asked.update(missing)
        for start in range(0, len(missing), HISTORY_BATCH):
            if start:
                time.sleep(self.delay)
            batch = missing[start : start + HISTORY_BATCH]
            query = urlencode([("ids", i) for i in batch])
            data = self._get_json(f"{self.api_url}/api/Members/History?{query}")
            if not isinstance(data, list):
                return
            for item in data:
                value = (item or {}).get("value") or {}
                if isinstance(value.get("id"), int):
                    self._write(self._history_path(value["id"]), value)

    def cached_ids(self) -> list[int]:
        ids = set()
        for path in self.cache_root.glob("*.json"):
            head = path.stem.split("@", 1)[0]
            if head.isdigit():
                ids.add(int(head))
        for path in (self.cache_root / "history").glob("*.json"):
            if path.stem.isdigit():
                ids.add(int(path.stem))
        return sorted(ids)

    def name_forms(self, member_id: int) -> list[str]:
        """Every name the cache holds for the member: display, list and full-title forms."""
        forms: list[str] = []
        records = [self._read(self._member_path(member_id, None))]
        records += [self._read(p) for p in self.cache_root.glob(f"{member_id}@*.json")]
        for record in records:
            value = (record or {}).get("value") or {}
            forms += [value.get(k) for k in ("nameDisplayAs", "nameListAs", "nameFullTitle")]
        history = self._read(self._history_path(member_id)) or {}
        for name in history.get("nameHistory") or []:
            forms += [name.get(k) for k in ("nameDisplayAs", "nameListAs", "nameFullTitle")]
        return list(dict.fromkeys(f for f in forms if f))

    # -- cache and network --------------------------------------------------------------------

    def _member_path(self, member_id: int, date: str | None) -> Path:
        name = f"{member_id}@{date}.json" if date else f"{member_id}.json"
        return self.cache_root / name

    def _history_path(self, member_id: int) -> Path:
        return self.cache_root / "history" / f"{member_id}.json"

    @staticmethod
    def _read(path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    @staticmethod
    def _write(path: Path, data: Any) -> None:
        atomic.write_text(path, json.dumps(data, ensure_ascii=False) + "\n")

    def _get_json(self, url: str) -> Any:
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", "")
        except (urllib.error.URLError, OSError, ValueError) as error:
            self.unreachable = f"{url}: {getattr(error, 'reason', error)}"
            return None
        text = body.decode("utf-8-sig", errors="replace").lstrip()
        if "html" in content_type.lower() or text.startswith("<"):
            self.unreachable = f"{url}: answered HTML, not JSON"
            return None
        try:
            return json.loads(text)
        except ValueError:
            self.unreachable = f"{url}: answered malformed JSON"
            return None


# -- enrichment -------------------------------------------------------------------------------


def enrich_turns(turns: Sequence[Turn], resolver: MemberResolver) -> list[Turn]:
    """Fill the name, party and seat a turn's source left empty, as they were on its date.

    Office-only and chair turns ("The Solicitor General", "Mr Speaker") get the member's name;
    nothing Hansard printed is overwritten, and an unknown or unreachable member changes nothing.
    """
    resolver.prefetch(t.member_id for t in turns if t.member_id is not None)
    cache: dict[tuple[int, str], MemberInfo | None] = {}
    enriched = []
    for turn in turns:
        if turn.member_id is None:
            enriched.append(turn)
            continue
        key = (turn.member_id, turn.date)
        if key not in cache:
            cache[key] = resolver.lookup(turn.member_id, turn.date)
        enriched.append(_fill(turn, cache[key]))
    return enriched


def needs_name(turn: Turn) -> bool:
    """True when the turn names an office or the chair but not the person."""
    name = (turn.speaker_name or "").strip()
    if not name:
        return True
    if turn.speaker_office and name == turn.speaker_office.strip():
        return True
    return bool(_CHAIR_RE.match(name))


def _fill(turn: Turn, info: MemberInfo | None) -> Turn:
    if info is None:
        return turn
    changes: dict[str, Any] = {}
    if info.name and needs_name(turn):
        changes["speaker_name"] = info.name
    if turn.party is None and info.party:
        changes["party"] = info.party
    if turn.constituency is None and info.constituency:
        changes["constituency"] = info.constituency
    return dataclasses.replace(turn, **changes) if changes else turn


# -- reading the API's records for a date -----------------------------------------------------


def _combine(member_id: int, date: str | None, history: Any, dated: Any, latest: Any) -> MemberInfo:
    dated_value = (dated or {}).get("value") or {}
    latest_value = (latest or {}).get("value") or {}
    history = history or {}
    name_record = _on_date(history.get("nameHistory"), date) or {}
    party_record = _on_date(history.get("partyHistory"), date) or {}
    house_record = _on_date(history.get("houseMembershipHistory"), date)

    name = (
        name_record.get("nameDisplayAs")
        or dated_value.get("nameDisplayAs")
        or latest_value.get("nameDisplayAs")
    )
    list_as = (
        name_record.get("nameListAs")
        or dated_value.get("nameListAs")
        or latest_value.get("nameListAs")
    )
    party = _party(party_record.get("party")) or _party(dated_value.get("latestParty"))
    membership = house_record or dated_value.get("latestHouseMembership")
    if membership is None:
        candidate = latest_value.get("latestHouseMembership")
        if candidate and (date is None or _covers(candidate, date, "membership")):
            membership = candidate
    if latest_value and date is None and not party:
        party = _party(latest_value.get("latestParty"))
    constituency = (membership or {}).get("membershipFrom")
    house = {1: "Commons", 2: "Lords"}.get((membership or {}).get("house"))
    return MemberInfo(
        id=member_id,
        name=name,
        name_list_as=list_as,
        party=party,
        constituency=constituency,
        house=house,
    )


def _party(party: Any) -> str | None:
    if not isinstance(party, dict):
        return None
    return party.get("abbreviation") or party.get("name")


def _on_date(records: Any, date: str | None) -> dict | None:
    """The record in force on ``date`` (the current one when no date is given)."""
    if not isinstance(records, list):
        return None
    for record in records:
        if date is None:
            if not record.get("endDate") and not record.get("membershipEndDate"):
                return record
        elif _covers(record, date, "") or _covers(record, date, "membership"):
            return record
    return None


def _covers(record: dict, date: str, prefix: str) -> bool:
    start_key = f"{prefix}StartDate" if prefix else "startDate"
    end_key = f"{prefix}EndDate" if prefix else "endDate"
    start = (record.get(start_key) or "")[:10]
    end = (record.get(end_key) or "")[:10]
    if not start:
        return False
    return start <= date and (not end or date <= end)
