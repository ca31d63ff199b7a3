"""Quality pages and API on the demo hospital (see bench/run.py)."""

CASES = [
    ("quality triage queue (quality manager)", "quality", "/quality/triage/"),
    ("quality event list, page 50 (quality manager)", "quality", "/quality/events/?page=50"),
    ("quality event list (head of cardiology)", "head_cardiology", "/quality/events/"),
    ("quality action tracker (quality manager)", "quality", "/quality/actions/"),
    ("quality investigation tracker (quality manager)", "quality", "/quality/investigations/"),
    ("quality dashboard (quality manager)", "quality", "/quality/dashboard/"),
    ("quality infection dashboard (quality manager)", "quality", "/quality/infections/"),
    ("quality satisfaction dashboard (quality manager)", "quality", "/quality/satisfaction/"),
    ("API quality events, page 20 (quality manager)", "quality", "/api/v1/quality/events/?page=20"),
    ("my reports (nurse)", "nurse_icu", "/quality/mine/"),
]
