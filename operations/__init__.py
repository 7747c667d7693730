"""What the windows and the command line do, once, with no Qt and no argparse in it.

Each operation takes an ``AppContext`` (or a ``Database``) and plain values, does its work through the core
packages (forms, validators, storage, workbooks, reports) and returns a result that carries an
``OpChanges``: what it touched, so open windows can refresh just that. ``desktop/`` shows and asks;
``cli/`` parses arguments and prints; neither decides anything an operation decides.
"""
