"""Shelters are a protected kind of help from the start: the demo's and any installation's
"shelter" categories are marked protected, the places of services filed there keep their
addresses hidden, and centre staff may confirm such an address public."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CENTRE_STAFF = "Προσωπικό Κέντρων Κοινότητας"
SHELTER_CODES = ("shelter", "shelters")


def protect(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    OrganisationLocation = apps.get_model("directory", "OrganisationLocation")
    roots = list(
        Category.objects.filter(code__in=SHELTER_CODES).values_list("tree_path", flat=True)
    )
    Category.objects.filter(code__in=SHELTER_CODES).update(protected=True)
    ids = set()
    for path in roots:
        ids.update(
            Category.objects.filter(tree_path__startswith=f"{path}/").values_list("pk", flat=True)
        )
        ids.update(Category.objects.filter(tree_path=path).values_list("pk", flat=True))
    location_ids = ServiceAtLocation.objects.filter(service__categories__in=ids).values_list(
        "location_id", flat=True
    )
    OrganisationLocation.objects.filter(pk__in=list(location_ids)).update(protected_kind=True)

    config = apps.get_app_config("directory")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        codename="confirm_public_address", content_type__app_label="directory"
    ).first()
    group = Group.objects.filter(name=CENTRE_STAFF).first()
    if permission is not None and group is not None:
        group.permissions.add(permission)


def unprotect(apps, schema_editor):
    """Going back: the fields themselves are removed by the previous migration's reversal."""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_protected_places_and_service_status"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(protect, unprotect)]
