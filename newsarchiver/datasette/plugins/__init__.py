"""Datasette plugins of newsarchiver (the ``datasette`` entry point in pyproject.toml); see newsarchiver_search.py."""
