"""Whoosh imported without ``asyncio`` and ``urllib.request``, which searching never uses.

Two of Whoosh's modules import more than they use, and a cold ``hansard search`` process paid
for both (about 60 ms of 350 at 100k turns, ``python -X importtime``):

- ``whoosh.reading`` takes ``cached_property`` from the package of that name for one property
  (a segment's deleted documents); the package imports ``asyncio`` for coroutine properties.
- ``whoosh.compat`` imports ``urlretrieve`` from ``urllib.request`` (which brings
  ``http.client``, ``email`` and ``ssl``); nothing in Whoosh calls it.

While those two modules execute, and only then, the two names resolve to stand-ins: the
standard library's ``functools.cached_property`` (the same caching in the instance's
``__dict__``) and a ``urlretrieve`` that imports the real one when called. The stand-ins leave
``sys.modules`` as soon as the module has run, so anything else importing either name gets the
real module. In a process with more than one thread (the web face) Whoosh is imported as it
is, since another thread could import the real module inside that window.

``install()`` (run by ``search/__init__.py``) only registers the finder: nothing is imported
until something imports Whoosh. ``tests/test_lean_whoosh.py`` fails if Whoosh starts using
either name differently.
"""

from __future__ import annotations

import functools
import sys
import threading
import types
from importlib.machinery import PathFinder

STAND_INS = {"whoosh.reading": "cached_property", "whoosh.compat": "urllib.request"}
"""Which Whoosh module is imported with which module stood in for."""


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _stand_in(name: str) -> types.ModuleType:
    module = types.ModuleType(name, "A stand-in while Whoosh is imported (search.lean_whoosh).")
    if name == "cached_property":
        module.cached_property = functools.cached_property  # type: ignore[attr-defined]
    else:
        module.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    return module


class _Loader:
    """The module's own loader, run with one module stood in for."""

    def __init__(self, loader, stood_in: str) -> None:
        self._loader = loader
        self._stood_in = stood_in

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        name = self._stood_in
        if name in sys.modules or threading.active_count() > 1:
            self._loader.exec_module(module)
            return
        stand_in = sys.modules[name] = _stand_in(name)
        try:
            self._loader.exec_module(module)
        finally:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]

    def __getattr__(self, attr: str):
        return getattr(self._loader, attr)  # get_source for tracebacks, get_filename, ...


class _Finder:
    """Finds the two Whoosh modules as the path finder does, with the loader above."""

    def find_spec(self, fullname: str, path=None, target=None):
        stood_in = STAND_INS.get(fullname)
        if stood_in is None:
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader, stood_in)
        return spec


_FINDER = _Finder()


def install() -> None:
    """Register the finder (once), unless Whoosh's two modules are already imported."""
    if all(name in sys.modules for name in STAND_INS) or _FINDER in sys.meta_path:
        return
    sys.meta_path.insert(0, _FINDER)
