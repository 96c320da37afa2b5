"""Writing many new rows fast, leaving what Django's ``bulk_create`` would leave.

Django's bulk_create costs a model instance per row and, per value, ``pre_save`` then
``get_db_prep_save`` (five or six calls deep). On PostgreSQL the rows are written here as
Django 5.2's own bulk insert writes them (``INSERT ... SELECT * FROM UNNEST(arrays)``), with the
same values: a value goes through ``get_db_prep_save`` unless it is already what that would
return (a str for a CharField, an int for an integer field or a foreign key...). Other
databases keep Django's path. Used by the bulk page creation (``directory.bulk_pages``), the
directory's listing rows and the search term index.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import connections, models, router
from django.db.models import AutoField

BATCH = 500
UNNEST_BATCH = 5000  # rows per INSERT ... SELECT FROM UNNEST (one array parameter per column)


def _same_when(field):
    """A test for values ``field.get_db_prep_save`` returns unchanged on PostgreSQL, or None."""
    while field.is_relation:
        if type(field).get_db_prep_save is not models.ForeignKey.get_db_prep_save:
            return None
        field = field.target_field
    kind = type(field)
    if kind in (
        models.CharField,
        models.TextField,
        models.SlugField,
        models.EmailField,
        models.URLField,
    ):
        return lambda value: isinstance(value, str)
    if kind in (
        models.AutoField,
        models.BigAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
    ):
        return lambda value: type(value) is int
    if kind is models.BooleanField:
        return lambda value: type(value) is bool
    if kind is models.FloatField:
        return lambda value: type(value) is float
    if kind is models.DateTimeField:
        return lambda value: type(value) is datetime.datetime and value.tzinfo is not None
    if kind is models.DateField:
        return lambda value: type(value) is datetime.date
    if kind is models.UUIDField:
        return lambda value: type(value) is uuid.UUID
    return None


def _prepared(field, values: list, connection) -> list:
    same = _same_when(field)
    prepare = field.get_db_prep_save
    if same is None:
        return [prepare(value, connection) for value in values]
    return [
        value if value is None or same(value) else prepare(value, connection) for value in values
    ]


def _unnest_ok(fields, connection) -> bool:
    """As Django's own PostgreSQL insert compiler decides whether UNNEST can be used."""
    return connection.vendor == "postgresql" and not any(
        hasattr(field, "get_placeholder")
        or (field.target_field if field.is_relation else field).get_internal_type()
        not in connection.data_types
        for field in fields
    )


def _unnest_insert(model, fields, columns: list[list], connection, returning: bool) -> list:
    """Rows given column by column; with ``returning``, their new primary keys, in order."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    arrays = ", ".join(
        "(%s)::{}[]".format(field.db_type(connection).split("(")[0]) for field in fields
    )
    sql = (  # names and types from the model's fields; values are parameters
        f"INSERT INTO {table} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608
        f"SELECT * FROM UNNEST({arrays})"
    )
    if returning:
        sql += f" RETURNING {table}.{quote(model._meta.pk.column)}"
    columns = [
        _prepared(field, column, connection) for field, column in zip(fields, columns, strict=True)
    ]
    count = len(columns[0]) if columns else 0
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, count, UNNEST_BATCH):
            cursor.execute(sql, [column[start : start + UNNEST_BATCH] for column in columns])
            if returning:
                keys.extend(row[0] for row in cursor.fetchall())
    if returning and len(keys) != count:  # pragma: no cover - PostgreSQL returns every row
        raise RuntimeError("the database did not return the new rows' ids")
    return keys


def _values(objects, field) -> list:
    if type(field).pre_save in (
        models.Field.pre_save,
        models.DateField.pre_save,
        models.DateTimeField.pre_save,
    ) and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
        attname = field.attname
        return [getattr(obj, attname) for obj in objects]
    return [field.pre_save(obj, True) for obj in objects]


def insert_objects(model, objects: list, fields=None, returning: bool = False) -> None:
    """Insert ``objects`` as rows of ``model``'s own table (``fields``: its local concrete
    fields by default), as ``Model._base_manager._insert`` would; with ``returning``, each
    object gets its new primary key."""
    if not objects:
        return
    fields = list(fields or model._meta.local_concrete_fields)
    using = router.db_for_write(model)
    connection = connections[using]
    if _unnest_ok(fields, connection):
        keys = _unnest_insert(
            model, fields, [_values(objects, field) for field in fields], connection, returning
        )
    else:
        size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objects) or BATCH))
        keys = []
        for start in range(0, len(objects), size):
            chunk = objects[start : start + size]
            returned = model._base_manager._insert(
                chunk,
                fields=fields,
                returning_fields=[model._meta.pk] if returning else None,
                using=using,
            )
            if returning:
                keys.extend(pk for (pk,) in returned)
        if returning and len(keys) != len(objects):  # pragma: no cover - see above
            raise RuntimeError("the database did not return the new rows' ids")
    if returning:
        attname = model._meta.pk.attname  # "id" for Page, whatever the objects' own type
        for obj, pk in zip(objects, keys, strict=True):
            setattr(obj, attname, pk)
            obj._state.adding = False
            obj._state.db = using


def insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Insert new rows of a plain model, each given as values of the fields ``names``
    (attnames); the other fields take their defaults, as ``model(**values)`` would give them.
    Leaves what ``bulk_create`` of those instances leaves."""
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    if not _unnest_ok(fields, connection):
        model._base_manager.using(using).bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    position = {name: index for index, name in enumerate(names)}
    columns = []
    for field in fields:
        if field.attname in position:
            index = position[field.attname]
            columns.append([row[index] for row in rows])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} must be given")
        elif field.has_default() and callable(field.default):
            columns.append([field.get_default() for _row in rows])
        else:
            columns.append([field.get_default()] * len(rows))
    _unnest_insert(model, fields, columns, connection, returning=False)


def insert(model, objects, batch: int = BATCH) -> None:
    """Insert rows of one table of a multi-table model (Django's bulk_create refuses those)."""
    insert_objects(model, list(objects))
