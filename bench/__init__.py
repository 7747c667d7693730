"""Benchmarks run with ``python -m bench [name-filter]``; each ``bench_*.py`` module has a ``main()``."""
