"""Creating many new pages at once, leaving the database as Wagtail's own per-page path would.

Wagtail creates a page with treebeard's ``add_child`` (a query for the last child, an insert
per table, an update of the parent), then ``save_revision`` and ``publish`` (more saves, each
re-indexing the page for search). That is right for an editor and far too slow for an import
of thousands of services. ``NewPages`` collects new organisations and their services, works out
what those calls would have written (tree fields, ``url_path``, one revision each whose content
is ``serializable_data()``, the log entries, the search index entries, the reference index) and
writes it with a few bulk inserts per table.

The rows themselves are written by ``core.bulk_rows``; the bench (``bench/directory.py``)
builds its 100 000 services with its ``insert`` too.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import AutoField, CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.encoding import force_str
from wagtail.log_actions import get_active_log_context
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published, published

from core.bulk_rows import BATCH, UNNEST_BATCH, insert, insert_objects, insert_rows
from search.indexing import prepare_texts
from search.receivers import children_indexed


def insert_pages(pages: list) -> None:
    """Insert the ``wagtailcore_page`` rows of new pages (of any page type) and give each
    object its id, in the order given."""
    fields = [f for f in Page._meta.local_concrete_fields if not isinstance(f, AutoField)]
    insert_objects(Page, pages, fields, returning=True)
    for page in pages:
        page.page_ptr_id = page.id


class NewPages:
    """New child pages under ``parent`` (and new pages under those), written by ``flush``.

    ``add(page, parent)`` gives the page its place in the tree at once (``path``, ``depth``,
    ``url_path``), as ``add_child`` would; ``parent`` is either the page this object was made
    for or a page added before. Everything else happens in ``flush``, which may be called as
    often as wanted (e.g. every few thousand pages, to bound memory)."""

    def __init__(self, parent: Page, publish: bool, rows=None, terms=None):
        self.parent = parent
        self.publish = publish
        self.rows = rows or []  # (model, relation name) of inline rows to insert, in order
        self.terms = terms or []  # many-to-many relation names to insert
        # As treebeard's add_child: after the last child, or the first step under a leaf.
        last = None
        if parent.numchild:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.pages: list = []
        self.children: dict[int, list] = {}  # id(parent) -> its new children, in order
        self.added_to_parent = 0

    def __len__(self) -> int:
        return len(self.pages)

    def add(self, page, parent=None) -> None:
        """Place ``page`` under ``parent`` (default: the batch's parent page)."""
        if parent is None or parent is self.parent:
            parent = self.parent
            page.path = _path(parent, self.next_step)
            self.next_step += 1
            self.added_to_parent += 1
        else:
            siblings = self.children.setdefault(id(parent), [])
            page.path = _path(parent, len(siblings) + 1)
            siblings.append(page)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        if not page.draft_title:
            page.draft_title = page.title
        # What full_clean checks without the database (the foreign keys are ours: the locale,
        # the content type; the slug is unique among its siblings by construction).
        page.clean_fields(exclude=_relations(type(page)))
        # A new page has no comments: said in memory, so serialising it asks no query.
        setattr(page, COMMENTS_RELATION_NAME, [])
        self.pages.append(page)

    def flush(self) -> list:
        """Write the pages added since the last flush; returns them."""
        pages, self.pages = self.pages, []
        if not pages:
            return []
        now = timezone.now()
        children = {id(page): len(self.children.pop(id(page), [])) for page in pages}
        # Written as add_child then save_revision then (with --publish) publish would leave
        # them: the revision is taken right after the page is created, before any child.
        for page in pages:
            page.numchild = children[id(page)]
            page.live = self.publish
            page.has_unpublished_changes = not self.publish
            page.first_published_at = page.last_published_at = None
            page.latest_revision = page.live_revision = None
            page.latest_revision_created_at = None
        insert_pages(pages)
        by_model: dict[type, list] = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        for model, objects in by_model.items():
            insert(model, objects)
        for model, relation in self.rows:
            found = []
            for page in pages:
                found.extend(self._inline(page, model, relation))
            relations = [f for f in model._meta.concrete_fields if f.is_relation]
            for row in found:
                for field in relations:
                    if field.name in row._state.fields_cache:
                        setattr(row, field.attname, getattr(row, field.name).pk)
            # As bulk_create: every concrete field but the id, which each row gets back.
            fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
            insert_objects(model, found, fields, returning=True)
        for model, name in self.terms:
            through = getattr(model, name).through
            source = getattr(model, name).field.m2m_field_name()
            target = getattr(model, name).field.m2m_reverse_field_name()
            insert_rows(
                through,
                [f"{source}_id", f"{target}_id"],
                [
                    (page.pk, term.pk)
                    for page in by_model.get(model, [])
                    for term in getattr(page, name).all()
                ],
            )
        revisions = self._revisions(pages, now)
        self._published(pages, revisions, now)
        if self.added_to_parent:
            Page.objects.filter(pk=self.parent.pk).update(
                numchild=self.parent.numchild + self.added_to_parent
            )
            self.parent.numchild += self.added_to_parent
            self.added_to_parent = 0
        for model, objects in by_model.items():
            for backend in get_search_backends(with_auto_update=True):
                _index(backend.get_index_for_model(model), model, objects)
        self._references(pages)
        if self.publish:
            # The children were indexed above with their new parents' names.
            with children_indexed(pages):
                for page, revision in zip(pages, revisions, strict=True):
                    page_published.send(sender=type(page), instance=page, revision=revision)
                    published.send(sender=type(page), instance=page, revision=revision)
        return pages

    @staticmethod
    def _inline(page, model, relation: str) -> list:
        if not hasattr(page, relation):
            return []
        rows = list(getattr(page, relation).all())
        for row in rows:
            setattr(row, row._meta.get_field(_parental_key(model)).attname, page.pk)
        return rows

    def _revisions(self, pages, now) -> list:
        base_type = ContentType.objects.get_for_model(Page)
        user = get_active_log_context().user  # as save_revision(user=…) records the author
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                content=self._content(page),
                object_str=str(page),
            )
            for page in pages
        ]
        fields = [f for f in Revision._meta.concrete_fields if not isinstance(f, AutoField)]
        insert_objects(Revision, revisions, fields, returning=True)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.draft_title = page.title
        return revisions

    @staticmethod
    def _content(page) -> dict:
        # The revision is saved before the page gets children (numchild 0), as add_child
        # followed by save_revision would.
        numchild, page.numchild = page.numchild, 0
        try:
            return page.serializable_data()
        finally:
            page.numchild = numchild

    def _published(self, pages, revisions, now) -> None:
        logs = []
        context = get_active_log_context()  # who runs the import, as Wagtail's log() reads it
        for page, revision in zip(pages, revisions, strict=True):
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            title = page.get_admin_display_title()
            logs.append(_log(page, content_type, title, "wagtail.create", now, context=context))
            if self.publish:
                page.live = True
                page.has_unpublished_changes = False
                page.first_published_at = page.last_published_at = now
                page.live_revision = revision
                logs.append(
                    _log(page, content_type, title, "wagtail.publish", now, revision, context)
                )
        # Each page's one revision, found by the index on (base_content_type, object_id).
        revision = Subquery(
            Revision.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=Cast(OuterRef("pk"), CharField()),
            ).values("pk")[:1]
        )
        values = {"latest_revision_id": revision, "latest_revision_created_at": now}
        if self.publish:
            values.update(live_revision_id=revision, first_published_at=now, last_published_at=now)
        ids = [page.pk for page in pages]
        for start in range(0, len(ids), BATCH):
            Page.objects.filter(pk__in=ids[start : start + BATCH]).update(**values)
        insert_rows(PageLogEntry, LOG_FIELDS, logs)

    @staticmethod
    def _references(pages) -> None:
        found = []
        for page in pages:
            model = type(page)
            if not ReferenceIndex.is_indexed(model):
                continue
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            base_type = ContentType.objects.get_for_model(
                ([model, *model._meta.get_parent_list()])[-1], for_concrete_model=False
            )
            object_id = str(page.pk)  # a CharField: what ReferenceIndex(object_id=pk) saves
            found.extend(
                (
                    content_type.pk,
                    base_type.pk,
                    object_id,
                    to_type,
                    to_id,
                    model_path,
                    content_path,
                    ReferenceIndex._get_content_path_hash(content_path),
                )
                for to_type, to_id, model_path, content_path in set(
                    ReferenceIndex._extract_references_from_object(page)
                )
            )
        insert_rows(
            ReferenceIndex,
            [
                "content_type_id",
                "base_content_type_id",
                "object_id",
                "to_content_type_id",
                "to_object_id",
                "model_path",
                "content_path",
                "content_path_hash",
            ],
            found,
        )


def _relations(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


def _path(parent, step: int) -> str:
    from treebeard.exceptions import PathOverflow

    path = Page._get_path(parent.path, parent.depth + 1, step)
    if len(path) != len(parent.path) + Page.steplen:
        raise PathOverflow(f"Path Overflow from: {parent.path!r}")
    return path


def _parental_key(model) -> str:
    from modelcluster.fields import ParentalKey

    for field in model._meta.concrete_fields:
        if isinstance(field, ParentalKey):
            return field.name
    raise ValueError(f"{model.__name__} has no ParentalKey")


LOG_FIELDS = [
    "content_type_id",
    "label",
    "action",
    "timestamp",
    "data",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "page_id",
]


def _log(page, content_type, title, action, now, revision=None, context=None) -> tuple:
    """A ``PageLogEntry`` row (``LOG_FIELDS``) as the per-page path logs it: the user and
    the grouping id come from the active ``LogContext``, as ``wagtail.log_actions.log``
    takes them."""
    user = getattr(context, "user", None)
    return (
        content_type.pk,
        title,
        action,
        now,
        {},
        getattr(context, "uuid", None),
        user.pk if user is not None else None,
        revision.pk if revision is not None else None,
        True,
        page.pk,
    )


def _index(index, model, objects) -> None:
    """``index.add_items(model, objects)``; on PostgreSQL's database search backend, the same
    rows written with one statement per few thousand pages.

    ``add_items`` builds and compiles a ``SearchVector`` expression per page (``setweight(
    to_tsvector(config, text), weight)`` for each non-empty text, joined with ``||``). Here the
    texts are worked out as its ``ObjectIndexer`` works them out and PostgreSQL builds the
    same vectors from arrays of them: an empty text adds nothing to a ``||`` of vectors, so
    every page can share one expression."""
    prepare_texts(objects)  # relations and parents' titles: a few queries, not one per page
    try:
        from modelsearch.backends.database.postgres.postgres import (
            IndexEntry,
            ObjectIndexer,
            PostgresIndex,
        )
        from modelsearch.backends.database.postgres.weights import get_weight
        from modelsearch.index import AutocompleteField, RelatedFields, SearchField
        from modelsearch.utils import get_content_type_pk
    except ImportError:  # pragma: no cover - another search package
        index.add_items(model, objects)
        return
    search_fields = model.get_search_fields()
    if (
        type(index) is not PostgresIndex
        or not objects
        or not search_fields
        or any(isinstance(field, RelatedFields) for field in search_fields)
    ):
        index.add_items(model, objects)
        return
    backend = index.backend
    # What ObjectIndexer.prepare_field yields for each field: (field, weight), in order.
    slots = []
    for field in search_fields:
        if isinstance(field, SearchField):
            slots.append((field, get_weight(field.boost)))
        elif isinstance(field, AutocompleteField):
            slots.append((field, "D"))
    title = [
        i
        for i, (f, _w) in enumerate(slots)
        if isinstance(f, SearchField) and f.field_name == "title"
    ]
    body = [
        i
        for i, (f, _w) in enumerate(slots)
        if isinstance(f, SearchField) and f.field_name != "title"
    ]
    autocomplete = [i for i, (f, _w) in enumerate(slots) if isinstance(f, AutocompleteField)]
    prepare = ObjectIndexer(objects[0], backend).prepare_value
    columns: list[list] = [[] for _ in range(len(slots) + 3)]  # id, texts, title/body text
    for obj in objects:
        texts = [prepare(field.get_value(obj)).strip() for field, _weight in slots]
        columns[0].append(force_str(obj.pk))
        for i, text in enumerate(texts):
            columns[i + 1].append(text)
        columns[-2].append(" ".join(texts[i] for i in title if texts[i]))
        columns[-1].append(" ".join(texts[i] for i in body if texts[i]))
    params: list = [get_content_type_pk(model)]

    def vector(positions, config):
        if not positions:
            return "to_tsvector(COALESCE(%s, %s))", ["", ""]
        parts, values = [], []
        for i in positions:
            if config:
                parts.append(f"setweight(to_tsvector(%s::regconfig, COALESCE(u.t{i}, %s)), %s)")
                values += [config, "", slots[i][1]]
            else:
                parts.append(f"setweight(to_tsvector(COALESCE(u.t{i}, %s)), %s)")
                values += ["", slots[i][1]]
        return "(" + " || ".join(parts) + ")", values

    expressions = []
    for positions, config in (
        (title, backend.config),
        (autocomplete, backend.autocomplete_config),
        (body, backend.config),
    ):
        sql, values = vector(positions, config)
        expressions.append(sql)
        params += values
    names = ", ".join(["id", *(f"t{i}" for i in range(len(slots))), "title_text", "body_text"])
    arrays = ", ".join(["%s::text[]"] * len(columns))
    sql = f"""
        INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete,
            body, title_norm, title_text, body_text)
        SELECT %s, u.id, {", ".join(expressions)}, 1.0, u.title_text, u.body_text
        FROM UNNEST({arrays}) AS u({names})
        ON CONFLICT (content_type_id, object_id)
        DO UPDATE SET title = EXCLUDED.title,
                      title_norm = 1.0,
                      autocomplete = EXCLUDED.autocomplete,
                      body = EXCLUDED.body,
                      title_text = EXCLUDED.title_text,
                      body_text = EXCLUDED.body_text
    """  # noqa: S608 - the table's name and our own expressions; values are parameters
    with index.write_connection.cursor() as cursor:
        for start in range(0, len(objects), UNNEST_BATCH):
            cursor.execute(
                sql, [*params, *(column[start : start + UNNEST_BATCH] for column in columns)]
            )
    index._refresh_title_norms()
