"""Quality pages and API lists for the load harness (see bench/pages.py)."""

PAGES = [
    ("quality report form (nurse)", "/quality/report/", "nurse_icu"),
    ("quality my reports (nurse)", "/quality/mine/", "nurse_icu"),
    ("quality event list (quality)", "/quality/events/", "quality"),
    ("quality event list, page 200 (quality)", "/quality/events/?page=200", "quality"),
    ("quality event list (head)", "/quality/events/", "head_cardiology"),
    ("quality event page (quality)", "/quality/events/{event}/", "quality"),
    ("quality triage queue (quality)", "/quality/triage/", "quality"),
    ("quality investigation tracker (quality)", "/quality/investigations/", "quality"),
    ("quality action tracker (quality)", "/quality/actions/", "quality"),
    ("quality action tracker (head)", "/quality/actions/", "head_cardiology"),
    ("quality dashboard (quality)", "/quality/dashboard/", "quality"),
    ("quality dashboard (head)", "/quality/dashboard/", "head_cardiology"),
    ("quality infection dashboard (quality)", "/quality/infections/", "quality"),
    ("quality satisfaction dashboard (quality)", "/quality/satisfaction/", "quality"),
    ("quality survey entry form (quality)", "/quality/satisfaction/new/", "quality"),
    ("API quality events (quality)", "/api/v1/quality/events/", "quality"),
    ("API quality events, page 200 (quality)", "/api/v1/quality/events/?page=200", "quality"),
    ("API quality actions (quality)", "/api/v1/quality/actions/", "quality"),
    ("API quality device-days (quality)", "/api/v1/quality/device-days/", "quality"),
    ("API quality infection cases (quality)", "/api/v1/quality/infection-cases/", "quality"),
    ("API quality thresholds (quality)", "/api/v1/quality/infection-thresholds/", "quality"),
    ("API quality survey responses (quality)", "/api/v1/quality/survey-responses/", "quality"),
]


def params() -> dict:
    from quality.models import AdverseEvent

    return {"event": AdverseEvent.objects.order_by("-reported_at", "-id").values_list("pk", flat=True).first()}
