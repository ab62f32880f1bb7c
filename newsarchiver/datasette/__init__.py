"""Datasette support for ``newsarchiver serve``: ``plugins/newsarchiver_search.py`` (Chinese search) and
``plugins/newsarchiver_pages.py`` (the web pages) are Datasette plugins, registered as ``datasette`` entry
points in pyproject.toml.

The metadata (titles, descriptions, facets, canned queries) is built in ``newsarchiver/serve.py``.
"""
