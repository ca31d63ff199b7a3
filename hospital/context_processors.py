from django.conf import settings

from hospital.navigation import sections_for
from hospital.roles import is_administrator


def navigation(request):
    """Navigation sections and the unread-notification count for the base layout."""
    user = request.user
    if not user.is_authenticated:
        return {"hospital_name": settings.HOSPITAL_NAME}
    return {
        "hospital_name": settings.HOSPITAL_NAME,
        "nav_sections": sections_for(user),
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
        "is_administrator": is_administrator(user),
    }
