"""Security plumbing: the client's address behind the proxy, the security log (every sign-in,
failed sign-in and sign-out, with user, UTC time and address), and the deployment checks."""

import ipaddress
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core import checks
from django.dispatch import receiver

logger = logging.getLogger("clearinghouse.security")

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in trusted if item.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The visitor's address: REMOTE_ADDR, unless the request came through a proxy the settings
    trust. With TRUSTED_PROXIES (addresses or networks), X-Forwarded-For is read from the right,
    past the trusted proxies, to the first address that is not one (what a visitor writes in the
    header themselves lies further left and is never reached). With TRUSTED_PROXY_HOPS = n (every
    request passes n proxies), the n-th address from the right. Used by the rate limits
    (RATELIMIT_IP_META_KEY), django-axes (AXES_CLIENT_IP_CALLABLE) and the security log. None when
    the request has no address at all (axes then stores none; the log writes "-")."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = [
        item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()
    ]
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        if not forwarded:
            return remote or None
        chosen = forwarded[-min(hops, len(forwarded))]
        return chosen if _parse(chosen) else (remote or None)
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    address = _parse(remote)
    if address is None or not any(address in network for network in networks):
        return remote or None
    candidate = remote
    for entry in reversed(forwarded):
        parsed = _parse(entry)
        if parsed is None:
            break
        candidate = str(parsed)
        if not any(parsed in network for network in networks):
            break
    return candidate


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login user=%s address=%s", user.get_username(), client_address(request) or "-")


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    logger.warning(
        "login-failed user=%s address=%s", credentials.get("username", "-"), client_address(request) or "-"
    )


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    name = user.get_username() if user else "-"
    logger.info("logout user=%s address=%s", name, client_address(request) or "-")


# --- Deployment checks (manage.py check --deploy) ---------------------------------------------


@checks.register(checks.Tags.security, checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits, lockout counters and the page cache's generations live in the cache: with several
    workers each would keep its own unless the cache is shared (REDIS_URL)."""
    if settings.DEBUG or int(getattr(settings, "WEB_WORKERS", 1)) <= 1:
        return []
    if settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"{settings.WEB_WORKERS} workers are configured (GUNICORN_WORKERS) without a shared cache.",
            hint="Set REDIS_URL so that rate limits, lockouts and cached pages are shared by every "
            "worker, or run one worker (GUNICORN_WORKERS=1).",
            id="clearinghouse.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def proxy_check(app_configs, **kwargs):
    """Behind the proxy every request comes from the proxy's address unless the settings name it."""
    if (
        settings.DEBUG
        or getattr(settings, "TRUSTED_PROXIES", None)
        or getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    ):
        return []
    return [
        checks.Warning(
            "Neither TRUSTED_PROXIES nor TRUSTED_PROXY_HOPS is set: behind a proxy every visitor "
            "shares its address, for the rate limits and the lockouts alike.",
            hint="Set TRUSTED_PROXIES to the proxy's addresses (or TRUSTED_PROXY_HOPS to their number).",
            id="clearinghouse.W002",
        )
    ]


@checks.register(checks.Tags.security)
def private_files_check(app_configs, **kwargs):
    """Private folders must not lie in MEDIA_ROOT or STATIC_ROOT (a proxy might serve those), and
    files left in MEDIA_ROOT/private by earlier versions must be moved out."""
    from .backup import PRIVATE_ROOTS
    from .storage import pillar_root

    found = []
    public = [Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()]
    for pillar, setting in PRIVATE_ROOTS.values():
        root = pillar_root(pillar, setting).resolve()
        if any(root.is_relative_to(folder) for folder in public):
            found.append(
                checks.Warning(
                    f"The {pillar} private folder {root} lies inside MEDIA_ROOT or STATIC_ROOT.",
                    hint="Keep private files outside every folder a web server may serve (PRIVATE_ROOT).",
                    id="clearinghouse.W003",
                )
            )
    legacy = Path(settings.MEDIA_ROOT) / "private"
    if legacy.is_dir() and any(p.is_file() for p in legacy.rglob("*")):
        found.append(
            checks.Warning(
                f"Private files are still in {legacy}.",
                hint="Run `python manage.py move_private_files` to move them to PRIVATE_ROOT.",
                id="clearinghouse.W004",
            )
        )
    return found
