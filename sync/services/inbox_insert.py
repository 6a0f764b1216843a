"""Storing one inbox row in one statement: INSERT ... ON CONFLICT DO NOTHING RETURNING id.

The ORM's create() inside atomic() costs BEGIN, INSERT, COMMIT (three round trips on
PostgreSQL) and, on a repeat, a failed INSERT and a rollback before the lookup. One statement
in autocommit commits as it runs and, on a repeat, inserts nothing and returns no row: the
caller then reads the first event's id. PostgreSQL and SQLite (3.35+) both speak it; the
conflict target is the `event_dedupe` unique constraint (connection, dedupe_key).
"""

from django.db import connection as db

from sync.models import InboundEvent

_sql_cache: dict[str, tuple[str, list]] = {}


def _statement() -> tuple[str, list]:
    """The INSERT for this database vendor and the fields it fills, in order (built once)."""
    if db.vendor not in _sql_cache:
        meta = InboundEvent._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        conflict = ", ".join(db.ops.quote_name(meta.get_field(n).column) for n in ("connection", "dedupe_key"))
        # Names come from the model's own metadata, quoted; every value is a parameter.
        table, pk = db.ops.quote_name(meta.db_table), db.ops.quote_name(meta.pk.column)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        sql += f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {pk}"
        _sql_cache[db.vendor] = (sql, fields)
    return _sql_cache[db.vendor]


def insert_event(event: InboundEvent) -> bool:
    """Insert this unsaved event unless its (connection, dedupe_key) is stored; sets its pk.

    Returns True when a row was inserted, False for a repeat (pk left None)."""
    sql, fields = _statement()
    params = [f.get_db_prep_save(f.pre_save(event, True), db) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    event.pk = row[0]
    event._state.adding = False
    event._state.db = db.alias
    return True
