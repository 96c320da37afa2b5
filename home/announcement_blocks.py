"""StreamField blocks of an announcement's body.

Images carry required alt text (a screen-reader user must learn what the picture shows);
embeds are off unless ``KOINOTITA_ALLOW_EMBEDS`` is true, because an embedded player loads a
third party's scripts and cookies into a public-sector page. The setting is read when the
models are imported: switching it on adds the block to the field's definition, so a project
that turns it on also makes (and keeps) the migration that records it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; h2 or h3 only, since the page title is the h1."""

    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/announcement-heading.html"
        description = _("A heading that starts a section of the announcement.")
        preview_value = {"text": "Ωράριο εορτών", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """A picture with the words a screen reader says instead of it."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "components/blocks/announcement-image.html"
        description = _("An image with required alternative text and an optional caption.")
        preview_value = {"alt": "Η είσοδος του Κέντρου Κοινότητας", "caption": ""}

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt") or "").strip():
            raise StructBlockValidationError(
                block_errors={"alt": ValidationError(_("Describe the image for screen readers."))}
            )
        return value


class DocumentBlock(blocks.StructBlock):
    """A downloadable document (a decision, a form) with a title residents understand."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(max_length=200, label=_("Title"))

    class Meta:
        icon = "doc-full"
        template = "components/blocks/announcement-document.html"
        description = _("A document to download, with its title.")
        preview_value = {"title": "Απόφαση ένταξης"}


class CallToActionBlock(blocks.StructBlock):
    """A button to the one thing the reader should do next: a page or an address."""

    label = blocks.CharBlock(max_length=80, label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Address (URL)"))

    class Meta:
        icon = "link"
        template = "components/blocks/announcement-cta.html"
        description = _("A button to a page of the portal or to another site.")
        preview_value = {"label": "Βρείτε το κέντρο σας", "url": "https://example.org/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose a page or give an address, not both."))
                }
            )
        return value


def body_blocks() -> list[tuple[str, blocks.Block]]:
    items = [
        (
            "paragraph",
            blocks.RichTextBlock(
                features=["bold", "italic", "link", "document-link", "ol", "ul"],
                label=_("Paragraph"),
                icon="pilcrow",
            ),
        ),
        ("heading", HeadingBlock()),
        ("image", ImageBlock()),
        ("document", DocumentBlock()),
        ("call_to_action", CallToActionBlock()),
    ]
    if getattr(settings, "KOINOTITA_ALLOW_EMBEDS", False):
        from wagtail.embeds.blocks import EmbedBlock

        items.append(("embed", EmbedBlock(label=_("Embed"), icon="media")))
    return items
