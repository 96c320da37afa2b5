import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchQueryDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "day",
                    models.DateField(help_text="The day (Athens time) the searches were made."),
                ),
                (
                    "language",
                    models.CharField(help_text="The site language searched in.", max_length=10),
                ),
                (
                    "query",
                    models.CharField(
                        help_text="The query, folded: lower case, without accents.", max_length=100
                    ),
                ),
                (
                    "searches",
                    models.PositiveIntegerField(
                        default=0, help_text="How many times it was searched that day."
                    ),
                ),
                (
                    "zero_results",
                    models.PositiveIntegerField(
                        default=0, help_text="How many of those searches found nothing."
                    ),
                ),
                (
                    "last_result_count",
                    models.PositiveIntegerField(
                        default=0, help_text="How many results the latest of those searches found."
                    ),
                ),
            ],
            options={
                "verbose_name": "search query (daily count)",
                "verbose_name_plural": "search queries (daily counts)",
                "permissions": [("view_search_reports", "Can view search reports")],
                "default_permissions": (),
                "indexes": [models.Index(fields=["language", "day"], name="search_query_day_lang")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "language", "query"), name="search_query_day_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchPromotion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "query",
                    models.CharField(
                        help_text="What residents type. Capitals and accents do not matter: «Κέντρο Κοινότητας» and «κεντρο κοινοτητας» are the same query.",
                        max_length=100,
                        verbose_name="query",
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        db_index=True,
                        editable=False,
                        help_text="The query's sound-alike key, so a query typed in Greeklish finds it.",
                        max_length=200,
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Lower numbers are shown first.", verbose_name="order"
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Optional text under the title, in the page's language; without it, the page's search description is shown.",
                        verbose_name="description",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        help_text="The page to show first. Readers of another language see its translation, or nothing if it has none.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="page",
                    ),
                ),
            ],
            options={
                "verbose_name": "promoted search result",
                "verbose_name_plural": "promoted search results",
                "ordering": ["query", "sort_order", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("query", "page"), name="search_promotion_unique"
                    )
                ],
            },
        ),
    ]
