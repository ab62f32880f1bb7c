"""Shim for tools that still run setup.py: scrapyd-deploy builds the Scrapyd egg with it.

All metadata, including the `scrapy` settings entry point Scrapyd needs, is in pyproject.toml.
"""

from setuptools import setup

setup()
