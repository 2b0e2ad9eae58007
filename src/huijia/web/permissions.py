"""Which role may open which page: the one table the routes check and the docs print (docs/web.md).

The public sighting form (`/sighting`) needs no account and is not listed here; it is rate-limited.
A page not listed here is refused to everyone (deny by default).
"""

from __future__ import annotations

from huijia.model import ACCOUNT_ROLES

PAGES: dict[str, frozenset[str]] = {
    "queue": frozenset(("admin", "reviewer", "analyst")),
    "dashboard": frozenset(("admin", "reviewer", "analyst")),
    "case": frozenset(("admin", "reviewer")),
    "photo": frozenset(("admin", "reviewer")),
    "decide": frozenset(("admin", "reviewer")),
    "referral": frozenset(("admin", "reviewer")),
    "groups": frozenset(("admin", "reviewer", "analyst")),  # chats by risk: names and counts, no post text
    "links": frozenset(("admin", "reviewer")),  # actor, template and network pages: post texts
    "links.decide": frozenset(("admin", "reviewer")),  # one decision on every flagged post of an actor
    "photo.bank": frozenset(("admin", "reviewer")),  # bank a photo (case or harmless), remove an entry
    "takedown": frozenset(("admin", "reviewer")),  # a chat's signed takedown notice (texts of cited posts)
    "upload": frozenset(("admin", "analyst")),
    "registry": frozenset(("admin", "registrar")),
    "registry.edit": frozenset(("admin", "registrar")),
    "registry.mark": frozenset(("admin", "registrar")),
    "registry.photo": frozenset(("admin", "registrar")),
    "users": frozenset(("admin",)),
    "users.add": frozenset(("admin",)),
    "users.password": frozenset(("admin",)),
    "users.edit": frozenset(("admin",)),  # disable, enable, change the role
    "sessions": frozenset(("admin",)),  # live sessions and login locks
    "sessions.end": frozenset(("admin",)),
    "locks.unlock": frozenset(("admin",)),
    "audit": frozenset(("admin",)),
}


def allowed(page: str, role: str | None) -> bool:
    return role is not None and role in PAGES.get(page, frozenset())


def markdown_table() -> str:
    """The permission table as docs/web.md prints it (a test keeps the two the same)."""
    lines = ["| page | " + " | ".join(ACCOUNT_ROLES) + " |", "| --- |" + " :-: |" * len(ACCOUNT_ROLES)]
    for page, roles in PAGES.items():
        lines.append(
            f"| {page} | " + " | ".join("✓" if role in roles else "" for role in ACCOUNT_ROLES) + " |"
        )
    return "\n".join(lines)
