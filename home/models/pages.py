"""The editorial portal: the home page and site-wide settings."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from directory.models.centres import phone_validator


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


class SocialNetwork(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    MASTODON = "mastodon", "Mastodon"
    OTHER = "other", _("Other")


class SocialLinkBlock(blocks.StructBlock):
    """A plain link to the municipality's account: no widget, script or icon is fetched from
    the network, so the footer makes no third-party request."""

    network = blocks.ChoiceBlock(choices=SocialNetwork.choices, label=_("Network"))
    url = blocks.URLBlock(label=_("Address of the account"))
    label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Link text"),
        help_text=_("Only for 'Other'; otherwise the network's name is used."),
    )

    class Meta:
        icon = "link"
        label = _("Social media link")


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Who runs this portal, how residents reach it, and whether its content is for
    demonstration only.

    Site settings are not translated by wagtail-localize (one row per site, and both languages
    share the site), so the words residents read have an English twin; the English footer
    falls back to the Greek when the twin is empty (:meth:`localised`)."""

    organisation_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The municipality or body that runs the portal, shown in the footer."),
    )
    organisation_name_en = models.CharField(
        max_length=150, blank=True, help_text=_("The same name in English.")
    )
    postal_address = models.CharField(
        max_length=200, blank=True, help_text=_("Street, number, postcode and town.")
    )
    postal_address_en = models.CharField(
        max_length=200, blank=True, help_text=_("The same address as written in English.")
    )
    contact_email = models.EmailField(blank=True, help_text=_("Where residents write to."))
    contact_phone = models.CharField(
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("Where residents call."),
    )
    footer_text = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("A short line for the footer, e.g. office hours of the switchboard."),
    )
    footer_text_en = models.TextField(
        blank=True, max_length=500, help_text=_("The same line in English.")
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        help_text=_("The municipality's accounts, linked from every page's footer."),
    )
    demo_content = models.BooleanField(
        default=False,
        help_text=_("Show a notice on every page that the content is demonstration data."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("organisation_name"), FieldPanel("organisation_name_en")]
                ),
                FieldRowPanel([FieldPanel("postal_address"), FieldPanel("postal_address_en")]),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Who runs the portal"),
        ),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("footer_text_en"), FieldPanel("social_links")],
            heading=_("Footer"),
        ),
        FieldPanel("demo_content"),
    ]

    class Meta:
        verbose_name = _("portal settings")

    def localised(self, field: str) -> str:
        """The field in the active language: the ``_en`` twin on the English site when filled."""
        value = getattr(self, field)
        if translation.get_language() == "en":
            return getattr(self, f"{field}_en", "") or value
        return value

    @property
    def footer_name(self) -> str:
        return self.localised("organisation_name")

    @property
    def footer_address(self) -> str:
        return self.localised("postal_address")

    @property
    def footer_line(self) -> str:
        return self.localised("footer_text")

    @property
    def social_link_list(self) -> list[dict]:
        labels = dict(SocialNetwork.choices)
        return [
            {
                "url": child.value["url"],
                "text": child.value.get("label") or str(labels.get(child.value["network"], "")),
                "network": child.value["network"],
            }
            for child in self.social_links
        ]
