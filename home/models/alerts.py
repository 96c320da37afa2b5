"""Site-wide alerts: an editor-managed banner ("the Chania centre is closed on 25 March").

A snippet, translatable (the message is written per language), with a level, a start and an
end. It shows on every page, or only on the pages of the centres it names. The banner is plain
HTML at the top of the page, so it is read without JavaScript; a non-urgent alert can be
dismissed with a small form that sets a cookie (``home.views.dismiss_alert``), and it comes
back if the alert is edited. An urgent alert cannot be dismissed.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField


class AlertLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    URGENT = "urgent", _("Urgent")


class SiteAlertForm(WagtailAdminModelForm):
    """Checks what the model cannot: the chosen centres reach the instance only when it is
    saved (a parental relation), after the model's own ``clean``."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closed_from") and not cleaned.get("centres"):
            self.add_error(
                "centres", _("Choose the centres that are closed, or leave the dates empty.")
            )
        return cleaned


@register_snippet
class SiteAlert(TranslatableMixin, RevisionMixin, ClusterableModel):
    level = models.CharField(max_length=10, choices=AlertLevel.choices, default=AlertLevel.INFO)
    message = models.CharField(
        max_length=300,
        help_text=_("One or two plain sentences, e.g. the centre is closed on 25 March."),
    )
    link_url = models.URLField(blank=True, help_text=_("Optional: where to read more."))
    link_text = models.CharField(max_length=80, blank=True)
    starts_at = models.DateTimeField(default=timezone.now, help_text=_("Shown from (Athens time)."))
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Hidden after (Athens time). Empty: until removed.")
    )
    centres = ParentalManyToManyField(
        "directory.CentrePage",
        blank=True,
        related_name="alerts",
        help_text=_("Only on these centres' pages. Empty: on every page."),
    )
    closed_from = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "If the selected centres are closed: the first day. Their opening hours then show "
            "the closure, with this alert's message as the reason."
        ),
    )
    closed_until = models.DateField(
        null=True, blank=True, help_text=_("The last day closed. Empty: one day only.")
    )

    # Every edit in the admin is kept as a revision (history, compare, revert); deleting the
    # snippet deletes them, as deleting a page does. The audit log keeps the entry.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="site_alert")

    base_form_class = SiteAlertForm
    panels = [
        FieldPanel("level"),
        FieldPanel("message"),
        FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_text")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("centres"),
        FieldRowPanel(
            [FieldPanel("closed_from"), FieldPanel("closed_until")],
            heading=_("Closure added to the centres' opening hours"),
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("level"),
        SynchronizedField("link_url"),
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
        SynchronizedField("centres"),
        SynchronizedField("closed_from"),
        SynchronizedField("closed_until"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["-starts_at"]
        verbose_name = _("site-wide alert")
        verbose_name_plural = _("site-wide alerts")

    def __str__(self):
        return self.message

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        if self.link_text and not self.link_url:
            raise ValidationError({"link_url": _("Give the address the link text points to.")})
        if self.closed_until and not self.closed_from:
            raise ValidationError({"closed_from": _("Give the first day of the closure.")})
        if self.closed_from and self.closed_until and self.closed_until < self.closed_from:
            raise ValidationError(
                {"closed_until": _("The last day cannot be before the first day.")}
            )

    @property
    def dismissible(self) -> bool:
        return self.level != AlertLevel.URGENT

    @property
    def dismiss_key(self) -> str:
        """Changes when the message or level is edited, so an edited alert shows again."""
        text = f"{self.translation_key}|{self.level}|{self.message}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @classmethod
    def current(cls, locale, centre=None, at=None):
        """Alerts showing now in this language: site-wide ones, and the centre's own."""
        at = at or timezone.now()
        alerts = cls.objects.filter(locale=locale, starts_at__lte=at).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )
        if centre is None:
            alerts = alerts.filter(centres__isnull=True)
        else:
            source_keys = [centre.translation_key]
            alerts = alerts.filter(
                Q(centres__isnull=True) | Q(centres__translation_key__in=source_keys)
            )
        order = models.Case(
            models.When(level=AlertLevel.URGENT, then=0),
            models.When(level=AlertLevel.WARNING, then=1),
            default=2,
        )
        return alerts.distinct().order_by(order, "-starts_at")


def announced_closures(centre_keys: set) -> dict:
    """The closures alerts announce for these centres, as dated exceptions by centre key.

    Registered with :mod:`directory.closures` in ``home.apps``. A closure counts from the
    moment its alert starts showing (so a scheduled alert does not close a centre early) and
    stays in the hours after the banner ends: the day was still closed. The reason is the
    alert's message in the reader's language, or in the language it was written in."""
    from directory.hours import DatedException

    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    rows = (
        SiteAlert.objects.filter(
            closed_from__isnull=False,
            starts_at__lte=timezone.now(),
            centres__translation_key__in=centre_keys,
        )
        .values_list(
            "translation_key",
            "locale__language_code",
            "message",
            "closed_from",
            "closed_until",
            "centres__translation_key",
        )
        .order_by("pk")
    )
    chosen: dict[tuple, tuple] = {}
    for alert_key, alert_language, message, first, last, centre_key in rows:
        key = (alert_key, centre_key)
        if key not in chosen or alert_language == language:
            chosen[key] = (message, first, last or first)
    found: dict = {}
    for (_alert_key, centre_key), (message, first, last) in chosen.items():
        found.setdefault(centre_key, []).append(
            DatedException(start=first, end=last, closed=True, reason=message)
        )
    return found
