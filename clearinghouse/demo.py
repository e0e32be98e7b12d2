"""Demo accounts for every role. Loaded by `manage.py seed_demo`, never in production."""

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import Organisation, User

# username -> (role, organisation slug, e-mail, password). Demo only: DEBUG must be on.
DEMO_ACCOUNTS = {
    "curator": (roles.CURATOR, "osce-odihr", "curator@example.org", "demo-curator-pass"),
    "reviewer": (roles.REVIEWER, "osce-odihr", "reviewer@example.org", "demo-reviewer-pass"),
    "officer-moldova": (
        roles.OFFICER,
        "osce-mission-to-moldova",
        "officer.moldova@example.org",
        "demo-moldova-pass",
    ),
    "officer-yerevan": (
        roles.OFFICER,
        "osce-office-in-yerevan",
        "officer.yerevan@example.org",
        "demo-yerevan-pass",
    ),
    "expert": (roles.EXPERT, None, "expert@example.org", "demo-expert-pass"),
}


def load(stdout) -> dict[str, User]:
    roles.sync_groups()
    users = {}
    for username, (role, org_slug, email, password) in DEMO_ACCOUNTS.items():
        user, _created = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.organisation = Organisation.objects.get(slug=org_slug) if org_slug else None
        user.is_staff = role in (roles.CURATOR,)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[username] = user
        if role in (roles.CURATOR, roles.REVIEWER):
            # Staff must use two-factor authentication; the demo device's code is printed on demand.
            TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
    stdout.write(f"Demo accounts: {len(DEMO_ACCOUNTS)}, one per role.")
    return users


def accounts_block(url: str = "") -> list[str]:
    """What `seed_demo` prints last, so that it is what a developer sees above the server's lines."""
    lines = [f"The portal: {url}"] if url else []
    lines.append("Demo accounts (user / password / role):")
    for username, (role, _org, _email, password) in DEMO_ACCOUNTS.items():
        lines.append(f"  {username:<16} {password:<22} {role}")
    lines.append(
        "Staff accounts (curator, reviewer) ask for a two-factor code after the password: "
        "`.venv/bin/python manage.py demo_code curator` prints the current one."
    )
    return lines
