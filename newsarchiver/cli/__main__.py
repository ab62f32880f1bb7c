"""``python -m newsarchiver.cli``: the ``newsarchiver`` command."""

from . import main

main()
