"""What the archive holds, for ``hansard stats`` whichever backend serves the searches."""

from __future__ import annotations

from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir


def archive_summary(data_dir: Path) -> dict:
    archive = Archive(archive_dir(data_dir))
    days = archive.days()
    turns = 0
    for house, date in days:
        with archive.turns_path(house, date).open("rb") as handle:
            turns += sum(1 for line in handle if line.strip())
    return {
        "path": str(archive.root),
        "sittings": len(days),
        "turns": turns,
        "first_date": days[0][1] if days else None,
        "last_date": max(d for _h, d in days) if days else None,
        "houses": sorted({h for h, _d in days}),
    }
