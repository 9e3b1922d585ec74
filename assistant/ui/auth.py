"""Who is reviewing: the signed-in reviewer is the "who" of every audit entry.

Three set-ups, in this order of precedence:

- `oidc`: an `[auth]` section in `.streamlit/secrets.toml` (Streamlit's built-in OpenID
  Connect login, `st.login`); the reviewer is the identity provider's e-mail (or name).
- `password`: `REVREC_TEAM_PASSWORD` is set (a single-team install); the reviewer types a
  name and the team password. The name is self-declared: one shared password cannot tell
  team members apart, which docs/app.md says plainly.
- `local`: neither; for one person on their own machine. The reviewer types a name.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import SecretStr

Mode = Literal["oidc", "password", "local"]
MAX_NAME = 80


@dataclass(frozen=True)
class Reviewer:
    name: str
    mode: Mode

    @property
    def label(self) -> str:
        how = {"oidc": "signed in", "password": "team password", "local": "not signed in"}
        return f"{self.name} ({how[self.mode]})"


def auth_mode(secrets: Mapping[str, Any] | None, team_password: SecretStr | None) -> Mode:
    if secrets is not None and "auth" in secrets:
        return "oidc"
    if team_password is not None and team_password.get_secret_value():
        return "password"
    return "local"


def password_ok(given: str, expected: SecretStr) -> bool:
    """Constant-time comparison (of digests, so lengths do not leak either)."""
    a = hashlib.sha256(given.encode()).digest()
    b = hashlib.sha256(expected.get_secret_value().encode()).digest()
    return hmac.compare_digest(a, b)


def clean_name(name: str) -> str:
    """A reviewer name as the audit log keeps it: one line, bounded."""
    return " ".join(name.split())[:MAX_NAME]


def oidc_reviewer(user: Mapping[str, Any]) -> Reviewer | None:
    """The reviewer from Streamlit's `st.user` (None when not logged in)."""
    if not user.get("is_logged_in"):
        return None
    for claim in ("email", "preferred_username", "name", "sub"):
        value = user.get(claim)
        if isinstance(value, str) and value.strip():
            return Reviewer(clean_name(value), "oidc")
    return None
