from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # The one place where Wagtail's and Django's own code is changed: core/adaptations/.
        from core import adaptations

        adaptations.apply()
