"""Research instruments that need no index: archive coverage, quote alignment, references.

The ones that query the index live in ``search/`` (Whoosh stays there); all return plain records
from ``hansard.records`` so the CLI and a web face can share them.
"""
