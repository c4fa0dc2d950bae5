"""Settings for the report queries of one transaction, where a database benefits.

PostgreSQL compiles expensive queries to machine code (JIT). A report query runs for a
second or two and its plan is made fresh each time, so the compilation is never repaid:
measured on the district benchmark, 450 ms of a 1.6 s query. ``SET LOCAL`` ends with the
transaction, so a pooled connection of the hub goes back as it was. Nothing here
changes a result.
"""

from __future__ import annotations

from sqlalchemy import Connection


def for_reports(conn: Connection) -> None:
    """Tune the current transaction of ``conn`` for report queries."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL jit = off")
