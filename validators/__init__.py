"""The rule engine: expression parser, generated checks and form rules, violations and their messages.

Entry points: ``validators.engine.Engine`` (``validate`` and ``session``), ``validators.messages.render``,
``validators.expressions.syntax_problem`` (the definition loader's hook). Imports only ``forms``.
"""
