"""Write the map points of one centre: one per branch with coordinates, one per mobile-unit
stop. A confidential or coordinate-less branch has no point."""

from django.db import transaction

from directory.models import CentrePage, MapPoint


def points_for(centre: CentrePage) -> list[MapPoint]:
    points = []
    for branch in centre.branches.all():
        if branch.has_coordinates:
            points.append(
                MapPoint(
                    centre=centre,
                    branch=branch,
                    locale_id=centre.locale_id,
                    latitude=branch.latitude,
                    longitude=branch.longitude,
                )
            )
        for index, child in enumerate(branch.stops):
            stop = child.value
            if stop.get("latitude") is None or stop.get("longitude") is None:
                continue
            points.append(
                MapPoint(
                    centre=centre,
                    branch=branch,
                    locale_id=centre.locale_id,
                    stop_index=index,
                    latitude=stop["latitude"],
                    longitude=stop["longitude"],
                )
            )
    return points


def rebuild_map_points(centre: CentrePage) -> int:
    """Replace the centre's points with those of its live version; returns how many."""
    with transaction.atomic():
        MapPoint.objects.filter(centre_id=centre.pk).delete()
        live = CentrePage.objects.filter(pk=centre.pk, live=True).first()
        if live is None:
            return 0
        points = points_for(live)
        MapPoint.objects.bulk_create(points)
        return len(points)


def clear_map_points(centre: CentrePage) -> None:
    MapPoint.objects.filter(centre_id=centre.pk).delete()


def rebuild_all() -> int:
    return sum(rebuild_map_points(centre) for centre in CentrePage.objects.live())
