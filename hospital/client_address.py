"""The address of the person at the keyboard, for log-in lock-outs."""

from django.conf import settings


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of the hospital's own the
    address the outermost of them saw.

    Each proxy appends the address it received the request from to X-Forwarded-For,
    so the client is the entry that many places from the right; anything further
    left was sent by the client itself and may be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
