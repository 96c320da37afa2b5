"""Create the PostgreSQL database that ``DATABASE_URL`` names, unless it exists.

``make serve-prod`` runs it before migrating, so a first run needs nothing but a reachable
PostgreSQL server (the same role and password as in the URL, connecting to ``postgres``).
"""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql


def main() -> int:
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        print(f"Not a PostgreSQL address: {os.environ['DATABASE_URL']}", file=sys.stderr)
        return 2
    name, host, port = config["NAME"], config["HOST"] or "localhost", config["PORT"] or 5432
    try:
        connection = psycopg2.connect(
            dbname="postgres",
            host=host,
            port=port,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            connect_timeout=5,
        )
    except psycopg2.OperationalError as error:
        print(f"PostgreSQL cannot be reached at {host}:{port}: {error}", file=sys.stderr)
        return 1
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
