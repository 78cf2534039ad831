"""Whoosh imported without what searching never uses: ``asyncio``, ``urllib.request`` and the
table of English word variations.

Three of Whoosh's modules import more than they use, and a cold ``hansard search`` process paid
for all of it (about 55 ms of a 0.3 s process at 100k turns):

- ``whoosh.reading`` takes ``cached_property`` from the package of that name for one property
  (a segment's deleted documents); the package imports ``asyncio`` for coroutine properties.
- ``whoosh.compat`` imports ``urlretrieve`` from ``urllib.request`` (which brings
  ``http.client``, ``email`` and ``ssl``); nothing in Whoosh calls it.
- ``whoosh.query.terms`` imports ``variations`` from ``whoosh.lang.morph_en``, which builds
  a table of 600 exceptions and six regular expressions of 115 rules on import, for the
  ``Variations`` query we never build.

While those modules execute, and only then, the names resolve to stand-ins: the standard
library's ``functools.cached_property`` (the same caching in the instance's ``__dict__``), and
functions that import the real module when first called. The stand-ins leave ``sys.modules`` as
soon as the module has run, so anything else importing those modules gets the real ones. In a
process with more than one thread (the web face) Whoosh is imported as it is, since another
thread could import a real module inside that window.

``install()`` (run by ``search/__init__.py``) only registers the finder: nothing is imported
until something imports Whoosh. ``tests/test_lean_whoosh.py`` fails if Whoosh starts using
these modules in a way the stand-ins do not cover.
"""

from __future__ import annotations

import functools
import importlib
import sys
import threading
import types
from collections.abc import Callable
from importlib.machinery import PathFinder


def _later(module: str, name: str) -> Callable:
    """``module.name``, imported when first called."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


STAND_INS: dict[str, tuple[str, dict[str, object]]] = {
    "whoosh.reading": ("cached_property", {"cached_property": functools.cached_property}),
    "whoosh.compat": ("urllib.request", {"urlretrieve": _later("urllib.request", "urlretrieve")}),
    "whoosh.query.terms": (
        "whoosh.lang.morph_en",
        {"variations": _later("whoosh.lang.morph_en", "variations")},
    ),
}
"""Whoosh module -> (the module stood in for while it runs, the stand-in's names)."""


def _stand_in(name: str, names: dict[str, object]) -> types.ModuleType:
    module = types.ModuleType(name, "A stand-in while Whoosh is imported (search.lean_whoosh).")
    module.__dict__.update(names)
    return module


class _Loader:
    """The module's own loader, run with one module stood in for."""

    def __init__(self, loader, stood_in: str, names: dict[str, object]) -> None:
        self._loader = loader
        self._stood_in = stood_in
        self._names = names

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        name = self._stood_in
        if name in sys.modules or threading.active_count() > 1:
            self._loader.exec_module(module)
            return
        stand_in = sys.modules[name] = _stand_in(name, self._names)
        try:
            self._loader.exec_module(module)
        finally:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]

    def __getattr__(self, attr: str):
        return getattr(self._loader, attr)  # get_source for tracebacks, get_filename, ...


class _Finder:
    """Finds those Whoosh modules as the path finder does, with the loader above."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in STAND_INS:
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader, *STAND_INS[fullname])
        return spec


_FINDER = _Finder()


def install() -> None:
    """Register the finder (once), unless those Whoosh modules are already imported."""
    if all(name in sys.modules for name in STAND_INS) or _FINDER in sys.meta_path:
        return
    sys.meta_path.insert(0, _FINDER)
