"""The directory's taxonomy as editable, translatable data: a category tree, target groups and
languages (ISO 639). Snippets with ``TranslatableMixin`` so wagtail-localize translates their
names while codes stay the same in every language.

A category's ``tree_path`` ("health/mental-health") lets a filter on a parent include all its
descendants with one indexed prefix lookup.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

code_validator = RegexValidator(
    r"^[a-z0-9-]+$", _("Use lower-case Latin letters, digits and hyphens, e.g. mental-health.")
)


class Category(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """A kind of help, e.g. Health → Mental health."""

    code = models.CharField(
        max_length=60, validators=[code_validator], help_text=_("Stable code, e.g. mental-health.")
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=250, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    tree_path = models.CharField(max_length=250, db_index=True, editable=False)
    protected = models.BooleanField(
        default=False,
        verbose_name=_("Protected kind of help"),
        help_text=_(
            "E.g. shelters for victims of violence, for minors or for victims of trafficking: "
            "the addresses of services of this kind (and of its sub-categories) are never "
            "published unless centre staff confirm them."
        ),
    )
    # Every edit in the admin is kept as a revision (history, compare, revert); deleting a
    # term deletes them, as deleting a page does. The audit log keeps the entry.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="category")

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("protected"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("code"),
        SynchronizedField("parent"),
        SynchronizedField("protected"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["tree_path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"code", "parent", "parent_id", "protected"} & set(
            update_fields
        ):
            super().save(*args, **kwargs)  # e.g. only the latest revision: the tree is as it was
            return
        previous = self.tree_path
        was_protected = (
            Category.objects.filter(pk=self.pk).values_list("protected", flat=True).first()
            if self.pk
            else False
        )
        self.tree_path = f"{self.parent.tree_path}/{self.code}" if self.parent else self.code
        super().save(*args, **kwargs)
        for child in self.children.all():
            child.save()  # keep descendants' paths in step when a category moves
        moved = previous and previous != self.tree_path
        if moved or bool(was_protected) != self.protected:
            from directory import listing, protection

            # Services filed here are now found under the new ancestors, and their places'
            # addresses may now be hidden (or, once staff confirm them, shown).
            subtree = Category.objects.filter(
                models.Q(tree_path=self.tree_path)
                | models.Q(tree_path__startswith=f"{self.tree_path}/")
            ).values_list("pk", flat=True)
            protection.refresh(protection.organisations_of_categories(subtree))
            listing.rebuild(
                self.services.model.objects.filter(categories__in=subtree)
                .values_list("pk", flat=True)
                .distinct()
            )

    def clean(self):
        super().clean()
        twin = self.same_name_sibling()
        if twin is not None:
            raise ValidationError(
                {
                    "name": _(
                        "There is already a category “%(name)s” at this level: file services "
                        "under it instead of creating a second one."
                    )
                    % {"name": twin.name}
                }
            )

    def same_name_sibling(self):
        """Another category of this language, under the same parent, whose name reads the
        same once accents, capitals and final sigma are folded (two of them would split a
        filter in halves)."""
        from search.normalise import fold

        wanted = " ".join(fold(self.name or "").split())
        siblings = Category.objects.filter(locale_id=self.locale_id, parent_id=self.parent_id)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        for sibling in siblings.only("pk", "name"):
            if " ".join(fold(sibling.name).split()) == wanted:
                return sibling
        return None

    @property
    def revisions(self):
        return self._revisions

    @property
    def depth(self) -> int:
        return self.tree_path.count("/")


class TargetGroup(TranslatableMixin, RevisionMixin, models.Model):
    """Who a service is for, e.g. Roma, older people, people with disabilities."""

    code = models.CharField(max_length=60, validators=[code_validator])
    name = models.CharField(max_length=120)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="target_group")

    panels = [FieldPanel("code"), FieldPanel("name")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("target group")

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


class ServiceLanguage(TranslatableMixin, RevisionMixin, models.Model):
    """A language a service is offered in, by ISO 639 code, named in the reader's language."""

    code = models.CharField(
        max_length=3,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("An ISO 639 code: two or three letters."))],
    )
    name = models.CharField(max_length=60)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="service_language")

    panels = [FieldPanel("code"), FieldPanel("name")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("language")

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions
