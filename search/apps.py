from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from search import vocabulary  # noqa: F401 - connects the receivers that renew it
