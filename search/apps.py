from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from search import (  # noqa: F401 - connects their receivers
            receivers,
            vocabulary,
        )
