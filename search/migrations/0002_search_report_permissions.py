"""Communications staff and editors-in-chief see the search reports and manage promoted
results.

The two groups are created by ``home.0005_editorial_groups``. ``search`` sits below ``home``
and does not depend on it, so the groups are fetched or created by name here: whichever
migration runs first makes them, and the other finds them.
"""

from django.db import migrations

GROUPS = ["Υπεύθυνοι επικοινωνίας", "Αρχισυντάκτες"]
PERMISSIONS = [
    ("searchqueryday", "view_search_reports", "Can view search reports"),
    ("searchpromotion", "add_searchpromotion", "Can add promoted search result"),
    ("searchpromotion", "change_searchpromotion", "Can change promoted search result"),
    ("searchpromotion", "delete_searchpromotion", "Can delete promoted search result"),
    ("searchpromotion", "view_searchpromotion", "Can view promoted search result"),
]


def permissions(apps):
    """The permissions, created if absent: Django makes them only after every migration ran."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="search", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        found.append(permission)
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = permissions(apps)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    """Take back what ``grant`` gave, creating nothing (found by their natural keys)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = [
        permission
        for model, codename, _name in PERMISSIONS
        for permission in Permission.objects.filter(
            content_type__app_label="search", content_type__model=model, codename=codename
        )
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
