"""Communications staff and editors-in-chief manage site-wide alerts and submit pages for
translation: model permissions, which, unlike page permissions, need no subtree."""

from django.db import migrations

GROUPS = ["Υπεύθυνοι επικοινωνίας", "Αρχισυντάκτες"]
ALERT_ACTIONS = ["add", "change", "delete", "view"]


def permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    alert_type, _ = ContentType.objects.get_or_create(app_label="home", model="sitealert")
    found = [
        Permission.objects.get_or_create(
            content_type=alert_type,
            codename=f"{action}_sitealert",
            defaults={"name": f"Can {action} site-wide alert"},
        )[0]
        for action in ALERT_ACTIONS
    ]
    translation_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    found.append(
        Permission.objects.get_or_create(
            content_type=translation_type,
            codename="submit_translation",
            defaults={"name": "Can submit translations"},
        )[0]
    )
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    """Take back what ``grant`` gave, creating nothing. (Found by their natural keys: reusing
    ``permissions`` here made Django compare content types from two renderings of the
    historical models when several apps are migrated back at once.)"""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = list(
        Permission.objects.filter(
            content_type__app_label="home",
            content_type__model="sitealert",
            codename__in=[f"{action}_sitealert" for action in ALERT_ACTIONS],
        )
    ) + list(
        Permission.objects.filter(
            content_type__app_label="wagtail_localize",
            content_type__model="translation",
            codename="submit_translation",
        )
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_alert_closures"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
