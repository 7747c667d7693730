"""``python -m cli`` runs the ``bieumau`` command line."""

from cli.main import main

raise SystemExit(main())
