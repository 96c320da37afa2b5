from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"

    def ready(self):
        from home import admin_refusals, signals  # noqa: F401 - connects the receivers

        admin_refusals.install()

        from home import admin_gaps

        admin_gaps.install()  # permission checks some Wagtail screens lack

        from home.uploads import faults

        faults.install()  # a failed upload's files can be removed (docs/decisions/0013)

        from directory.hsds.serialise import register_funding_provider
        from home.hsds_funding import funding_for

        register_funding_provider(funding_for)

        from directory.closures import register
        from home.models.alerts import announced_closures

        register(announced_closures)
