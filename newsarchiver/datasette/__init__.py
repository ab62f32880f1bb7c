"""Datasette support for ``newsarchiver serve``: ``plugins/newsarchiver_search.py`` is a Datasette plugin,
registered as a ``datasette`` entry point in pyproject.toml.

The metadata (titles, descriptions, facets, canned queries) is built in ``newsarchiver/serve.py``.
"""
