"""One module per ``bieumau`` sub-command; each has ``add_parser(subparsers)`` and ``run(args)``."""
