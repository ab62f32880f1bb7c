"""Datasette support files for ``newsarchiver serve``: ``plugins/`` is passed as ``--plugins-dir``.

The metadata (titles, descriptions, facets, canned queries) is built in ``newsarchiver/serve.py``.
"""
