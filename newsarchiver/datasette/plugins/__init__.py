"""Datasette plugins loaded by ``newsarchiver serve`` (``--plugins-dir``); see newsarchiver_search.py."""
