"""Storage: the SQLAlchemy schema, values with their audit log, submission status, locking, backups, migrations.

Qt-free; imports only ``forms``. A path means SQLite, a URL (``postgresql+psycopg://…``) a server.
"""
