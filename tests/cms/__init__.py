"""Real CMS sites for the test suite and benchmarks/cms.py (issue 11).

- ``wordpress``: Debian's WordPress on a private MariaDB (``mariadb``) and a private Apache with mod_php
  (``apache``), installed with wp_install() and seeded through WordPress's API (``php/wp_*.php``);
- ``zblog``: Z-BlogPHP from ../shared/cms/ on SQLite, installed with its web installer and seeded through
  its own PHP code (``php/zb_*.php``), run as a repost farm of the WordPress site;
- ``content``: our own text (``content/*.toml``) turned into each CMS's seed;
- ``truth``: what every post must be extracted as, read back from the CMS;
- ``scoring``: crawl -> archive -> export with the project's commands, compared field by field;
- ``fixtures``: both sites started once and the crawl rounds (used by tests/conftest.py and the benchmark);
- ``serve``: ``python -m tests.cms.serve wordpress|zblogphp`` starts one by hand for debugging.
"""
