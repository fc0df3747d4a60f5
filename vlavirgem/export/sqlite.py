"""The SQLite export: the layout's tables with primary and foreign keys and indexes, tables that
describe the export (``about_export``, ``about_tables``, ``about_columns``), and views for the
questions people ask first.  Opens well in Datasette (``datasette export.sqlite``).

The views answer as of the export's date (``--on``); an export with full history has no date, and
its views answer as of the day they are queried.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from vlavirgem.export.columns import Table
from vlavirgem.export.tables import TABLES_BY_NAME, Tables, flat_rows

SQL_TYPES = {"text": "TEXT", "date": "TEXT", "list": "TEXT", "boolean": "INTEGER", "integer": "INTEGER"}

HOLDS = "({alias}.valid_from IS NULL OR {alias}.valid_from <= d.day) AND " \
        "(d.day <= {alias}.valid_until OR {alias}.valid_until IS NULL)"
VIEWS = {
    "export_day": """
        SELECT COALESCE((SELECT value FROM about_export WHERE key = 'on'), date('now')) AS day""",
    "current_members": f"""
        SELECT m.region_id, m.region_name, m.government_id, m.government_name, g.kind, g.nis,
               g.province_name, m.valid_from, m.valid_until
        FROM memberships m JOIN governments g ON g.id = m.government_id, export_day d
        WHERE {HOLDS.format(alias="m")} AND {HOLDS.format(alias="g")}
        ORDER BY m.region_name, m.government_name, g.kind""",
    "unaffiliated": f"""
        SELECT g.id, g.kind, g.name, g.nis, g.province_name, g.arrondissement_name
        FROM governments g, export_day d
        WHERE {HOLDS.format(alias="g")}
          AND g.id NOT IN (SELECT government_id FROM current_members)
        ORDER BY g.province_name, g.name, g.kind""",
    # every network of every kind (the knowledge circles too) with its members on the export's day;
    # an observed membership holds from its observation on, while its government exists
    "network_members": f"""
        SELECT 'kenniskring' AS network_kind, m.region_id AS network_id, m.region_name AS network_name,
               m.government_id, m.government_name, g.kind, g.nis, g.province_name, m.valid_from, m.valid_until,
               NULL AS observed
        FROM memberships m JOIN governments g ON g.id = m.government_id, export_day d
        WHERE {HOLDS.format(alias="m")} AND {HOLDS.format(alias="g")}
        UNION ALL
        SELECT n.network_kind, n.network_id, n.network_name, n.government_id, n.government_name, g.kind, g.nis,
               g.province_name, n.valid_from, n.valid_until, n.observed
        FROM network_memberships n JOIN governments g ON g.id = n.government_id, export_day d
        WHERE (COALESCE(n.valid_from, n.observed) IS NULL OR COALESCE(n.valid_from, n.observed) <= d.day)
          AND (d.day <= n.valid_until OR n.valid_until IS NULL) AND {HOLDS.format(alias="g")}
        ORDER BY network_kind, network_name, government_name""",
    "networks_per_government": """
        SELECT government_id, government_name, kind, province_name, network_kind, COUNT(*) AS networks,
               group_concat(network_name, '; ') AS network_names
        FROM network_members GROUP BY government_id, network_kind
        ORDER BY government_name, kind, network_kind""",
    "software_use_named": """
        SELECT s.government_id, s.government_name, s.product_id, s.product_name, p.vendor_id,
               v.name AS vendor_name, COALESCE(s.domain, p.domain) AS domain, s.status, s.valid_from,
               s.valid_until, s.known_from, s.hosting, s.url
        FROM software_use s LEFT JOIN products p ON p.id = s.product_id LEFT JOIN vendors v ON v.id = p.vendor_id
        ORDER BY s.government_name, s.product_name""",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table, headers: list[str], present: set[str]) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements for one table of the layout."""
    lines = []
    for name in headers:
        column = table.column(name)
        check = f" CHECK ({_quote(name)} IN (0, 1))" if column.type == "boolean" else ""
        required = " NOT NULL" if name in table.key else ""
        lines.append(f"{_quote(name)} {SQL_TYPES[column.type]}{required}{check}")
    lines.append(f"PRIMARY KEY ({', '.join(map(_quote, table.key))})")
    indexes = []
    for name in headers:
        target = table.column(name).references
        if target in present:
            key = TABLES_BY_NAME[target].key[0]
            lines.append(f"FOREIGN KEY ({_quote(name)}) REFERENCES {_quote(target)} ({_quote(key)})")
            if name != table.key[0]:
                indexes.append(f"CREATE INDEX {_quote(f'{table.name}_{name}')} "
                               f"ON {_quote(table.name)} ({_quote(name)})")
    statement = f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"
    return [statement, *indexes]


def _about(connection: sqlite3.Connection, metadata: dict[str, Any], tables: Tables) -> None:
    connection.execute("CREATE TABLE about_export (key TEXT PRIMARY KEY, value TEXT)")
    facts = {key: metadata[key] for key in ("generator", "on", "history", "include_internal")}
    facts |= {f"data_{key}": value for key, value in metadata["data"].items()}
    connection.executemany("INSERT INTO about_export VALUES (?, ?)",
                           [(key, None if value is None else str(value).lower() if isinstance(value, bool)
                             else str(value)) for key, value in facts.items()])
    connection.execute("CREATE TABLE about_tables (table_name TEXT PRIMARY KEY, description TEXT, "
                       "key TEXT, rows INTEGER)")
    connection.execute("CREATE TABLE about_columns (table_name TEXT REFERENCES about_tables (table_name), "
                       "column_name TEXT, position INTEGER, type TEXT, description TEXT, references_table TEXT, "
                       "PRIMARY KEY (table_name, column_name))")
    for name, described in metadata["tables"].items():
        connection.execute("INSERT INTO about_tables VALUES (?, ?, ?, ?)",
                           (name, described["description"], ", ".join(described["key"]), len(tables[name])))
        connection.executemany("INSERT INTO about_columns VALUES (?, ?, ?, ?, ?, ?)", [
            (name, c["name"], index, c["type"], c["description"], c["references"])
            for index, c in enumerate(described["columns"])])


def write_sqlite(tables: Tables, metadata: dict[str, Any], path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        present = set(tables)
        for name, rows in tables.items():
            headers = [c["name"] for c in metadata["tables"][name]["columns"]]
            for statement in _create(TABLES_BY_NAME[name], headers, present):
                connection.execute(statement)
            marks = ", ".join("?" for _ in headers)
            connection.executemany(
                f"INSERT INTO {_quote(name)} ({', '.join(map(_quote, headers))}) VALUES ({marks})",
                [tuple(row[h] for h in headers) for row in flat_rows(name, rows)])
        _about(connection, metadata, tables)
        for view, select in VIEWS.items():
            connection.execute(f"CREATE VIEW {_quote(view)} AS {select.strip()}")
        connection.commit()
    finally:
        connection.close()
