"""The user's notifications: list, bell, open (marks read) and mark-as-read."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hospital import services
from hospital.models import Notification
from hospital.pagination import paginate


@login_required
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = paginate(request, notifications)
    return render(request, "hospital/notification_list.html", {"page_obj": page, "notifications": page})


def _local(url: str, request) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})


@login_required
def notification_open(request, pk: int):
    """Open one of my notifications: it is marked read, then its page is shown."""
    try:
        notification = services.open_notification(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None  # someone else's is as unknown as a missing one
    # a stored link is the app's own path; anything else goes back to the list
    return redirect(notification.link if _local(notification.link, request) else reverse("notification_list"))


@login_required
@require_POST
def notification_mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    services.mark_notifications_read(user=request.user, ids=ids)
    if request.htmx:
        return notification_bell(request)
    next_url = request.POST.get("next", "")
    if not _local(next_url, request):
        next_url = reverse("notification_list")  # never send the reader off-site
    return redirect(next_url)


@login_required
def notification_bell(request):
    unread = Notification.objects.for_recipient(request.user).unread().count()
    return render(request, "hospital/_bell.html", {"unread_notifications": unread})
