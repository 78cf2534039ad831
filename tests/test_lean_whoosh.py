"""Whoosh imported without what searching never uses (``search.lean_whoosh``).

Each check runs in a fresh interpreter, since what matters is what the first import of Whoosh
does. The stand-ins must change nothing Whoosh does: a segment's deleted documents are still
computed once and cached, the one-word ranking that reads them still gives Whoosh's own hits,
and the real modules are still there for anyone who imports them afterwards. The source checks
fail if an upgrade of whoosh-reloaded uses those modules in a way the stand-ins do not cover.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import warnings
from pathlib import Path

import whoosh

from search.lean_whoosh import STAND_INS

ROOT = Path(__file__).resolve().parents[1]
WHOOSH = Path(whoosh.__file__).resolve().parent
LEFT_OUT = (
    "asyncio",
    "urllib.request",
    "cached_property",
    "http.client",
    "ssl",
    "whoosh.lang.morph_en",
)


def run_fresh(code: str, *args: str) -> list[str]:
    """Run ``code`` in a new interpreter (the project and tests/ importable); its output lines."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


SEGMENTS_WITH_DELETIONS = """
import functools, sys
import search.engine
left_out = [m for m in LEFT_OUT if m in sys.modules]
from whoosh import index as whoosh_index, query as wq, reading
from index.schema import build_schema, day_documents, day_term, group_by_day
from search import termscore
from search_sample import repeated_turns
ix = whoosh_index.create_in(sys.argv[1], build_schema())
for first, last in ((0, 3), (3, 6)):
    writer = ix.writer()
    for day in group_by_day(repeated_turns(first, last)):
        for doc in day_documents(day):
            writer.add_document(**doc)
    writer.commit(merge=False)
first_day = next(iter(group_by_day(repeated_turns(0, 1))))[0]
writer = ix.writer()
writer.delete_by_term("day", day_term(first_day.house, first_day.date))
writer.commit(merge=False)
with ix.searcher() as searcher:
    reader = searcher.subsearchers[0][0].reader()
    deleted = reader.deleted_docs_set
    assert deleted == {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)}
    assert deleted
    assert reader.deleted_docs_set is deleted and reader.__dict__["deleted_docs_set"] is deleted
    term = wq.Term("text", "stalk")
    theirs = [(hit.docnum, hit.score) for hit in searcher.search(term, limit=5)]
    assert termscore.top_hits(searcher, term, 5) == theirs
prop = type(reading.SegmentReader.__dict__["deleted_docs_set"])
from whoosh.query import terms
stood_in = terms.variations("render")
import cached_property, urllib.request, whoosh.compat
from whoosh.lang import morph_en
assert stood_in == morph_en.variations("render") and "renders" in stood_in
print("LEFT OUT", left_out, prop is functools.cached_property)
real = hasattr(cached_property, "threaded_cached_property"), hasattr(urllib.request, "urlopen")
print("REAL", *real)
import glob
toc = glob.glob(sys.argv[1] + "/_MAIN_*.toc")[0]
whoosh.compat.urlretrieve("file://" + toc, sys.argv[1] + "/copy")
print("FETCHED", open(sys.argv[1] + "/copy", "rb").read() == open(toc, "rb").read())
"""


def test_whoosh_works_with_the_stand_ins_and_the_real_modules_stay_available(tmp_path):
    lines = run_fresh(SEGMENTS_WITH_DELETIONS.replace("LEFT_OUT", repr(LEFT_OUT)), str(tmp_path))
    assert lines == ["LEFT OUT [] True", "REAL True True", "FETCHED True"]


def test_with_other_threads_running_whoosh_is_imported_as_it_is():
    """Another thread could import the real module inside the stand-in's window: no stand-ins."""
    code = (
        "import sys, threading\n"
        "go = threading.Event()\n"
        "threading.Thread(target=go.wait).start()\n"
        "import search.engine\n"
        "from whoosh import reading\n"
        "print('asyncio' in sys.modules, reading.cached_property.__module__)\n"
        "go.set()\n"
    )
    assert run_fresh(code) == ["True cached_property"]


def _parse(path: Path) -> ast.Module:
    with warnings.catch_warnings():  # Whoosh's sources hold a few invalid escape sequences
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path, package: str) -> list[tuple[str, list[str]]]:
    """(module, names) for every ``import m`` / ``from m import names`` in a source file."""
    found = []
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.append((module, [alias.name for alias in node.names]))
    return found


def test_whoosh_imports_the_stood_in_modules_only_where_and_as_the_stand_ins_cover():
    """Each stood-in module is imported by its one Whoosh module alone, and only for names its
    stand-in has (``from cached_property import cached_property``, ``from urllib.request import
    urlretrieve``, ``from whoosh.lang.morph_en import variations``); nothing else in Whoosh
    imports asyncio or urllib.request."""
    stood_in = {module: (name, sorted(names)) for module, (name, names) in STAND_INS.items()}
    watched = {name for name, _names in stood_in.values()} | {"asyncio"}
    importers: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(WHOOSH.rglob("*.py")):
        parts = ("whoosh", *path.relative_to(WHOOSH).with_suffix("").parts)
        module = ".".join(parts).removesuffix(".__init__")
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for name, names in _imports(path, package):
            if name in watched or name.startswith(("asyncio.", "urllib.request")):
                importers.setdefault(name, []).append((module, sorted(names)))
    assert importers == {name: [(module, names)] for module, (name, names) in stood_in.items()}


def test_whoosh_caches_only_plain_properties_with_cached_property():
    """The package's ``cached_property`` also wraps coroutines; functools' does not. Whoosh
    decorates only plain methods with it."""
    tree = _parse(WHOOSH / "reading.py")
    decorated = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(getattr(d, "id", None) == "cached_property" for d in node.decorator_list)
    ]
    assert [node.name for node in decorated] == ["deleted_docs_set"]
    assert all(isinstance(node, ast.FunctionDef) for node in decorated)
