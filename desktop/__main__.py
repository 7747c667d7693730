"""``python -m desktop`` runs the ``bieumau`` command line."""

from desktop.cli import main

raise SystemExit(main())
