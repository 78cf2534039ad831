"""The API's machine-readable description (OpenAPI 3.1), written out rather than generated, so
it documents the query language's parameters as the CLI names them."""

from __future__ import annotations

from hansard.records import ROLES, TURN_FIELDS
from hansard.web.params import FACET_NAMES, MAX_LIMIT


def _param(name: str, description: str, schema: dict | None = None, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


_ID = _param("turn_id", "A turn id as search results show it.", where="path")
_SEARCH_PARAMS = [
    _param("q", 'The query language: words, "phrases", AND/OR/NOT, -word, field:value.'),
    _param("member", 'A member, however printed ("Nusrat Ghani"), or a member id.'),
    _param("minister", 'Answers given as an office ("Solicitor General") or by a name.'),
    _param("topic", "What the exchange is about (its heading and question)."),
    _param("department", 'The answering department ("Attorney General").'),
    _param("party", "Party as printed: Con, Lab, LD, SNP, CB ..."),
    _param("role", "The turn's role.", {"type": "string", "enum": list(ROLES)}),
    _param("house", "Commons or Lords.", {"type": "string", "enum": ["Commons", "Lords"]}),
    _param("from", "On or after (YYYY-MM-DD).", {"type": "string", "format": "date"}),
    _param("to", "On or before (YYYY-MM-DD).", {"type": "string", "format": "date"}),
    _param("sort", "Order.", {"type": "string", "enum": ["relevance", "date", "-date"]}),
    _param("limit", "Results a page.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
    _param("page", "Page number (page x limit at most 2000).", {"type": "integer", "minimum": 1}),
    _param(
        "facet",
        "Count all matches by this (repeatable).",
        {"type": "string", "enum": list(FACET_NAMES)},
    ),
]
_FILTER_PARAMS = [p for p in _SEARCH_PARAMS if p["name"] not in ("q", "sort", "limit", "page",
                                                                 "facet")]  # fmt: skip
_TURN = {
    "type": "object",
    "properties": {name: {} for name in TURN_FIELDS},
    "required": list(TURN_FIELDS),
}
_ERROR = {
    "description": "An error",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
            }
        }
    },
}


def _ok(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


OPENAPI: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "hansard-qa",
        "version": "1",
        "description": "Oral questions and answers of UK Parliament's Hansard. "
        "Contains Parliamentary information licensed under the Open Parliament Licence v3.0.",
    },
    "components": {"schemas": {"Turn": _TURN}},
    "paths": {
        "/api/search": {
            "get": {
                "summary": "Search turns; results are the records `hansard search --format json` "
                "prints",
                "parameters": _SEARCH_PARAMS,
                "responses": {
                    "200": _ok(
                        {
                            "type": "object",
                            "properties": {
                                "total": {"type": "integer"},
                                "results": {"type": "array", "items": {"type": "object"}},
                                "facets": {"type": "object"},
                            },
                        }
                    ),
                    "400": _ERROR,
                },
            }
        },
        "/api/turns/{turn_id}": {
            "get": {
                "summary": "One turn",
                "parameters": [_ID],
                "responses": {"200": _ok({"$ref": "#/components/schemas/Turn"}), "404": _ERROR},
            }
        },
        "/api/exchanges/{turn_id}": {
            "get": {
                "summary": "The whole exchange a turn belongs to, in sitting order",
                "parameters": [_ID],
                "responses": {"200": _ok({"type": "object"}), "404": _ERROR},
            }
        },
        "/api/quote/{turn_id}": {
            "get": {
                "summary": "A quotation with its citation and permalink (as `hansard quote`)",
                "parameters": [
                    _ID,
                    _param("style", "Citation style.", {"enum": ["oscola", "compact"]}),
                    _param("match", "Quote only the sentences holding all these words."),
                    _param("with_question", "1 to add the question it answers."),
                ],
                "responses": {"200": _ok({"type": "object"}), "400": _ERROR, "404": _ERROR},
            }
        },
        "/api/commitments": {
            "get": {
                "summary": "Ministers' undertakings with their marks (as `hansard commitments`)",
                "parameters": [
                    _param("minister", "Office or name, any part."),
                    _param("department", "Answering department, any part."),
                    _param("status", "Mark.", {"enum": ["open", "done", "dropped"]}),
                    _param("from", "From this sitting day.", {"format": "date"}),
                    _param("to", "Up to this sitting day.", {"format": "date"}),
                ],
                "responses": {"200": _ok({"type": "array"}), "400": _ERROR},
            }
        },
        "/api/trends": {
            "get": {
                "summary": "Matching turns and exchanges per year or month (as `hansard trends "
                "--format json`)",
                "parameters": [
                    _SEARCH_PARAMS[0],
                    *_FILTER_PARAMS,
                    _param("by", "Period.", {"enum": ["year", "month"]}),
                    _param(
                        "split",
                        "One series per value (top ten, the rest as 'other').",
                        {"enum": ["party", "department", "member", "minister", "house"]},
                    ),
                    _param("normalize", "1 to add matches per 10,000 turns of each period."),
                ],
                "responses": {"200": _ok({"type": "array"}), "400": _ERROR},
            }
        },
        "/api/find-quote": {
            "get": {
                "summary": "Where a quote was said, best first (as `hansard find-quote --format "
                "json`); [] when not found in the archive",
                "parameters": [
                    _param("quote", "The quote, at least three words.", where="query"),
                    _param("limit", "Matches.", {"type": "integer", "minimum": 1, "maximum": 20}),
                    *_FILTER_PARAMS,
                ],
                "responses": {"200": _ok({"type": "array"}), "400": _ERROR},
            }
        },
        "/api/kwic": {
            "get": {
                "summary": "Keyword in context lines (as `hansard kwic --format json`)",
                "parameters": [
                    _param("term", "A word (matched by stem) or several (a phrase)."),
                    _param(
                        "width",
                        "Characters of context either side.",
                        {"type": "integer", "minimum": 10, "maximum": 200},
                    ),
                    _param("sort", "Order.", {"enum": ["date", "left", "right"]}),
                    _param("limit", "Lines.", {"type": "integer", "minimum": 1, "maximum": 2000}),
                    *_FILTER_PARAMS,
                ],
                "responses": {"200": _ok({"type": "array"}), "400": _ERROR},
            }
        },
        "/api/coverage": {
            "get": {
                "summary": "Each day archived, not sitting, failed or never crawled (as `hansard "
                "coverage --format json`)",
                "parameters": [p for p in _FILTER_PARAMS if p["name"] in ("house", "from", "to")],
                "responses": {"200": _ok({"type": "array"}), "400": _ERROR},
            }
        },
        "/api/member/{who}": {
            "get": {
                "summary": "A member's profile (as `hansard member --format json`)",
                "parameters": [
                    _param("who", "A member's name however printed, or a member id.", where="path"),
                    _param(
                        "latest",
                        "How many latest turns.",
                        {"type": "integer", "minimum": 0, "maximum": 50},
                    ),
                ],
                "responses": {"200": _ok({"type": "object"}), "400": _ERROR, "404": _ERROR},
            }
        },
        "/api/stats": {
            "get": {
                "summary": "What the archive and the index hold (as `hansard stats`)",
                "responses": {"200": _ok({"type": "object"})},
            }
        },
    },
}
