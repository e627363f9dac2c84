"""The findings history: every scheduled audit remembered in a database (SQLite by default, PostgreSQL for teams),
so the questions one run cannot answer have answers: since when is this open, what was fixed, what is getting
worse. srmscan.history.store writes and reads it; srmscan.history.schema holds its tables, versioned with Alembic
(srmscan/history/migrations). Imported only when a store is used."""
