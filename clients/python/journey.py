"""A user journey through Gainsly with the generated Python client.

Register, create a program, plan today, adapt today, log a top set, read the
recovery state. Every call goes through `gainsly_client`, generated from
openapi/openapi.json by scripts/python-client.sh, and every answer must come
with the documented status and parse into the generated model, with no field
the spec does not declare. The script asserts what each answer says (dates,
statuses, the time cap, the e1RM, the recovery of the trained muscles) and
exits non-zero at the first step that is wrong.

    GAINSLY_URL=http://127.0.0.1:8080 python journey.py

A new user each run (a random email), so it can run against any server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import uuid
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any, TypeVar

import attrs
import httpx
from gainsly_client import AuthenticatedClient, Client
from gainsly_client.api.auth import register
from gainsly_client.api.days import adapt, plan
from gainsly_client.api.exercises import get_exercise
from gainsly_client.api.logs import create_top_set, recovery_state
from gainsly_client.api.programs import create_program
from gainsly_client.api.service import health
from gainsly_client.models import (
    AdaptationRequest,
    AdaptationRequestSorenessType0,
    DayKind,
    E1RmFormula,
    Equipment,
    Exercise,
    Goal,
    GoalWeight,
    HealthResponse,
    Muscle,
    ProgramCreate,
    ProgramResponse,
    ProgressionStyle,
    RecoveryState,
    RegisterRequest,
    Session,
    SessionStatus,
    SplitTemplate,
    TokenResponse,
    TopSetLogCreate,
    Tracking,
    WorkoutLogKind,
    WorkoutLogResponse,
)
from gainsly_client.types import Response, Unset

T = TypeVar("T")

# Adapting re-plans the day; with the LLM on that can take the LLM's deadline.
TIMEOUT = httpx.Timeout(120.0, connect=5.0)


class JourneyError(AssertionError):
    """A step got an answer other than the documented one."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise JourneyError(what)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Names the step in progress when anything in it fails."""
    try:
        yield
    except Exception as err:
        raise JourneyError(f"step '{name}' failed: {type(err).__name__}: {err}") from err


def undeclared_keys(raw: Any, declared: Any, where: str) -> list[str]:
    """Paths of keys in the raw JSON answer that the parsed model's own
    serialisation lacks: fields the spec (and so the model) does not declare."""
    if isinstance(raw, dict) and isinstance(declared, dict):
        missing = [f"{where}.{k}" for k in raw if k not in declared]
        return missing + [
            path for k in raw if k in declared for path in undeclared_keys(raw[k], declared[k], f"{where}.{k}")
        ]
    if isinstance(raw, list) and isinstance(declared, list):
        return [path for i, (r, d) in enumerate(zip(raw, declared)) for path in undeclared_keys(r, d, f"{where}[{i}]")]
    return []


def additional_properties(model: Any, where: str) -> list[str]:
    """Paths of fields that a model with declared fields only kept as
    `additional_properties` (a map model, with no fields of its own, keeps
    its data there)."""
    found: list[str] = []
    if isinstance(model, list):
        for i, item in enumerate(model):
            found += additional_properties(item, f"{where}[{i}]")
    elif attrs.has(type(model)):
        fields = [f.name for f in attrs.fields(type(model)) if f.name != "additional_properties"]
        extra = getattr(model, "additional_properties", {})
        if fields and extra:
            found += [f"{where}.{k}" for k in extra]
        for name in fields:
            found += additional_properties(getattr(model, name), f"{where}.{name}")
    return found


def expect(response: Response[Any], status: HTTPStatus, model: type[T]) -> T:
    """The parsed answer, if it has the documented status and model and
    carries nothing the spec does not declare."""
    body = response.content.decode("utf-8", "replace")[:500]
    check(response.status_code == status, f"expected HTTP {status.value}, got {response.status_code.value}: {body}")
    parsed = response.parsed
    if not isinstance(parsed, model):
        raise JourneyError(f"expected a {model.__name__}, got {type(parsed).__name__}: {body}")
    to_dict = getattr(parsed, "to_dict", None)
    serialised = to_dict() if callable(to_dict) else None
    extra = undeclared_keys(json.loads(response.content), serialised, model.__name__)
    extra += additional_properties(parsed, model.__name__)
    check(not extra, f"{model.__name__} has fields the spec does not declare: {', '.join(sorted(set(extra)))}")
    return parsed


def is_set(value: T | None | Unset) -> bool:
    return value is not None and not isinstance(value, Unset)


def brzycki(weight_kg: float, reps: int, rpe: float) -> float:
    """api.md: reps in reserve (10 - rpe) are added back, then Brzycki."""
    effective = reps + (10 - rpe)
    return weight_kg if effective == 1 else weight_kg * 36 / (37 - effective)


def main(base_url: str) -> None:
    today = dt.datetime.now(dt.UTC).date()  # a new profile's time zone is UTC
    anonymous = Client(base_url=base_url, timeout=TIMEOUT, raise_on_unexpected_status=True)

    with step("health"):
        alive = expect(health.sync_detailed(client=anonymous), HTTPStatus.OK, HealthResponse)
        check(alive.status == "ok", f"health status {alive.status!r}")
        print(f"server {base_url}: version {alive.version}")

    with step("register"):
        email = f"py-journey-{uuid.uuid4().hex[:12]}@example.com"
        body = RegisterRequest(email=email, password="correct horse battery", name="Py Journey")
        tokens = expect(register.sync_detailed(client=anonymous, body=body), HTTPStatus.CREATED, TokenResponse)
        check(tokens.user.email == email, f"registered as {tokens.user.email}, asked for {email}")
        check(tokens.token_type == "Bearer", f"token_type {tokens.token_type!r}")
        check(tokens.expires_in > 0, f"expires_in {tokens.expires_in}")
        print(f"registered user {tokens.user.id} <{tokens.user.email}>")

    api = AuthenticatedClient(
        base_url=base_url, token=tokens.access_token, timeout=TIMEOUT, raise_on_unexpected_status=True
    )

    with step("create program"):
        body_ = ProgramCreate(
            name="Block 1: upper/lower",
            goals=[GoalWeight(goal=Goal.HYPERTROPHY, weight=7), GoalWeight(goal=Goal.STRENGTH, weight=3)],
            split_template=SplitTemplate.UPPER_LOWER,
            days_per_week=4,
            microcycle_length_days=7,
            duration_weeks=8,
            start_date=today,
            session_minutes=60,
            progression_style=ProgressionStyle.DOUBLE,
            equipment=[
                Equipment.BARBELL,
                Equipment.DUMBBELL,
                Equipment.BENCH,
                Equipment.RACK,
                Equipment.CABLE,
                Equipment.PULLUP_BAR,
            ],
            is_active=True,
        )
        program = expect(create_program.sync_detailed(client=api, body=body_), HTTPStatus.CREATED, ProgramResponse)
        check(program.start_date == today, f"start_date {program.start_date}, asked for {today}")
        check(program.is_active, "the new program is not active")
        days = {d.day_index: d for d in program.microcycle.days}
        check(sorted(days) == list(range(1, 8)), f"microcycle day indexes {sorted(days)}")
        check(days[1].kind == DayKind.TRAINING, f"the program's first day is {days[1].kind}")
        training = sum(d.kind == DayKind.TRAINING for d in days.values())
        print(
            f'program {program.id} "{program.name}" {program.start_date} to {program.end_date}, {training} training days a week'
        )

    with step("plan today"):
        planned = expect(plan.sync_detailed(today, client=api, program_id=program.id), HTTPStatus.OK, Session)
        check(planned.date == today and planned.program_id == program.id, "the plan is for another day or program")
        check(planned.day_index == 1 and planned.kind == DayKind.TRAINING, f"day {planned.day_index} is {planned.kind}")
        check(planned.status == SessionStatus.PLANNED, f"status {planned.status}")
        check(len(planned.exercises) > 0, "a training day without exercises")
        check(
            planned.estimated_minutes <= planned.target_minutes <= 60,
            f"{planned.estimated_minutes} of {planned.target_minutes} min, cap 60",
        )
        again = expect(plan.sync_detailed(today, client=api, program_id=program.id), HTTPStatus.OK, Session)
        check(again.id == planned.id, f"planning today twice gave sessions {planned.id} and {again.id}")
        print(
            f"{planned.date}: {planned.kind} ({planned.focus}), {len(planned.exercises)} exercises, ~{planned.estimated_minutes}/{planned.target_minutes} min"
        )

    with step("adapt today"):
        signals = AdaptationRequest(
            program_id=program.id,
            soreness=AdaptationRequestSorenessType0(quads=7),
            available_minutes=40,
            energy=6,
            sleep_hours=6.5,
        )
        adapted = expect(adapt.sync_detailed(today, client=api, body=signals), HTTPStatus.OK, Session)
        check(adapted.date == today and adapted.program_id == program.id, "adapted another day or program")
        check(adapted.status == SessionStatus.ADAPTED, f"status {adapted.status}")
        check(
            adapted.estimated_minutes <= adapted.target_minutes <= 40,
            f"{adapted.estimated_minutes} of {adapted.target_minutes} min with 40 available",
        )
        check(len(adapted.exercises) > 0, "the adapted training day has no exercises")
        print(f"adapted: {len(adapted.exercises)} exercises, ~{adapted.estimated_minutes}/{adapted.target_minutes} min")
        for ex in adapted.exercises:
            load = f" @ {ex.suggested_load_kg} kg" if is_set(ex.suggested_load_kg) else ""
            print(f"  {ex.order}. {ex.name}: {ex.sets} x {ex.reps_min}-{ex.reps_max}{load}, rest {ex.rest_seconds}s")

    with step("log a top set"):
        # The first exercise of the adapted session that is tracked by weight and reps.
        chosen: Exercise | None = None
        for ex in adapted.exercises:
            catalog = expect(get_exercise.sync_detailed(ex.exercise_id, client=api), HTTPStatus.OK, Exercise)
            if catalog.tracking == Tracking.WEIGHT_REPS:
                chosen = catalog
                break
        if chosen is None:
            raise JourneyError("no exercise of the adapted session is tracked by weight and reps")
        weight, reps, rpe = 60.0, 5, 8.0
        top_set = TopSetLogCreate(
            date=today, exercise_id=chosen.id, weight_kg=weight, reps=reps, rpe=rpe, session_id=adapted.id
        )
        log = expect(create_top_set.sync_detailed(client=api, body=top_set), HTTPStatus.CREATED, WorkoutLogResponse)
        check(log.kind == WorkoutLogKind.TOP_SET and log.date == today, f"{log.kind} on {log.date}")
        check(log.session_id == adapted.id, f"logged against session {log.session_id}, not {adapted.id}")
        check([e.exercise_id for e in log.exercises] == [chosen.id], "the log holds other exercises")
        check(log.e1rm_formula == E1RmFormula.BRZYCKI, f"formula {log.e1rm_formula} (a new profile uses brzycki)")
        expected = brzycki(weight, reps, rpe)
        e1rm = log.e1rm_kg
        check(isinstance(e1rm, float | int) and abs(e1rm - expected) < 0.01, f"e1RM {e1rm}, expected {expected:.2f}")
        check(log.is_pr is True, f"is_pr {log.is_pr} for the first top set")
        print(f"top set: {chosen.name} {weight} kg x {reps} @ RPE {rpe}: e1RM {e1rm} kg (PR)")

    with step("recovery state"):
        state = expect(recovery_state.sync_detailed(client=api, date=today), HTTPStatus.OK, RecoveryState)
        check(state.as_of == today, f"as_of {state.as_of}")
        by_muscle = {m.muscle: m for m in state.muscles}
        check(
            len(state.muscles) == len(Muscle) and set(by_muscle) == set(Muscle),
            "the recovery state does not list every muscle once",
        )
        for m in state.muscles:
            check(0 <= m.recovery_pct <= 100, f"{m.muscle} recovery {m.recovery_pct} %")
        check(by_muscle[Muscle.QUADS].soreness > 0, "the quads soreness given to adapt was not recorded")
        for muscle in chosen.primary_muscles:
            r = by_muscle[muscle]
            check(r.last_trained == today, f"{muscle} last trained {r.last_trained}, not today")
            check(r.fatigue > 0, f"{muscle} has no fatigue after the top set")
        tired = ", ".join(f"{m.muscle} {m.recovery_pct:.0f}%" for m in state.muscles if m.recovery_pct < 100)
        print(f"recovery on {state.as_of}: {tired or 'all fresh'}")

    print("journey: ok")


if __name__ == "__main__":
    try:
        main(os.environ.get("GAINSLY_URL", "http://127.0.0.1:8080").rstrip("/"))
    except JourneyError as err:
        print(f"journey: FAILED: {err}", file=sys.stderr)
        sys.exit(1)
