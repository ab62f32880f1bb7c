"""Shared fixtures: paths to ../shared (skipped when absent) and small archive builders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "repost-page.txt"


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("../shared/seed/repost-page.txt is absent")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cms_fixtures():
    """The real CMS sites of tests/cms/ (WordPress, a Z-BlogPHP farm), started once per run on first use.

    Their trees live in a temp dir of their own (mode 0755), not under pytest's basetemp: that is 0700,
    and Apache's children run as www-data when the tests run as root."""
    from tests.cms.fixtures import CmsFixtures

    fixtures = CmsFixtures()
    yield fixtures
    fixtures.close()
