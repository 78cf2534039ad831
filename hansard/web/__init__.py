"""The web face of the archive: server-rendered pages, a JSON API and Atom feeds.

Starlette under uvicorn, Jinja2 with autoescape on, every asset shipped in ``static/``. The pages
and the API read and write through :mod:`hansard.web.data` only, the one seam between the web and
the search engine, citations, exports and user state, so the web never re-implements the CLI.
"""
