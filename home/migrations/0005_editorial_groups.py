"""The editorial groups exist on every installation from the start: page
permissions on their subtrees follow when those subtrees are created (home.roles)."""

from django.db import migrations

GROUPS = ["Υπεύθυνοι επικοινωνίας", "Αρχισυντάκτες", "Προσωπικό Κέντρων Κοινότητας"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS[:2]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_funding_notices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
