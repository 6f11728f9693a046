"""Deliberate mistakes that the generated types must catch.

Never run, only type-checked: scripts/python-client.sh runs mypy with
`warn_unused_ignores` (part of --strict), so each `# type: ignore[...]` below
must still silence a real error. If a spec change made one of these calls
type-check (a field renamed, an enum widened to a string, a secured route
that no longer needs a token), mypy reports the unused ignore and the check
fails, like clients/typescript/src/negative.ts does for TypeScript.
"""

from __future__ import annotations

import datetime as dt

from gainsly_client import AuthenticatedClient, Client
from gainsly_client.api.days import plan
from gainsly_client.api.logs import create_top_set
from gainsly_client.api.programs import create_program
from gainsly_client.models import (
    Goal,
    GoalWeight,
    ProgramCreate,
    RegisterRequest,
    Session,
    SplitTemplate,
    TopSetLogCreate,
)


def mistakes(api: AuthenticatedClient, anonymous: Client, session: Session) -> None:
    # A required field left out (register needs a name).
    RegisterRequest(email="a@example.com", password="correct horse battery")  # type: ignore[call-arg]

    # A misspelled response field.
    print(session.exercise)  # type: ignore[attr-defined]

    # A plain string where the spec has an enum.
    ProgramCreate(
        name="x",
        goals=[GoalWeight(goal=Goal.STRENGTH, weight=10)],
        split_template="upper_lower",  # type: ignore[arg-type]
    )

    # A date path parameter given as a string.
    plan.sync_detailed("2026-11-26", client=api)  # type: ignore[arg-type]

    # A secured route called without a token.
    create_program.sync_detailed(
        client=anonymous,  # type: ignore[arg-type]
        body=ProgramCreate(name="x", goals=[], split_template=SplitTemplate.FULL_BODY),
    )

    # A number where the spec has an integer.
    TopSetLogCreate(date=dt.date.today(), exercise_id=1, weight_kg=60.0, reps=5.5)  # type: ignore[arg-type]
    create_top_set.sync_detailed(client=api, body=None)  # type: ignore[arg-type]
