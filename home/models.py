"""The editorial portal: the home page and site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door: what a community centre is and how to find yours."""

    intro = models.TextField(
        blank=True, help_text=_("The first sentence residents read, in plain words.")
    )
    body = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("What community centres offer and who they are for."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("locale"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from directory.models import CentreIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["centre_index"] = CentreIndexPage.objects.child_of(self).live().public().first()
        return context


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Who runs this portal, and whether its content is for demonstration only."""

    organisation_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The municipality or body that runs the portal, shown in the footer."),
    )
    contact_email = models.EmailField(blank=True, help_text=_("Where residents write to."))
    contact_phone = models.CharField(
        max_length=20, blank=True, help_text=_("Where residents call.")
    )
    demo_content = models.BooleanField(
        default=False,
        help_text=_("Show a notice on every page that the content is demonstration data."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("demo_content"),
    ]

    class Meta:
        verbose_name = _("portal settings")
