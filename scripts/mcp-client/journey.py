"""Drive Gainsly's MCP server with the official MCP Python SDK (pinned in
requirements.txt), over Streamable HTTP (`$GAINSLY_URL/mcp`) and over stdio
(`gainsly-mcp` at `$GAINSLY_MCP_BIN`, on the REST API), in both protocol eras the
SDK speaks: the current revision (2026-07-28, no handshake) and the
previous one (`initialize`).

For each transport and era: list the tools and call every one of them
against a fresh user, checking each answer's shape; a bad argument is a
tool result with isError carrying the API's 422 message; a `read` token
lists only the read tools and is refused the write ones.

    GAINSLY_URL=http://127.0.0.1:8080 GAINSLY_MCP_BIN=target/debug/gainsly-mcp python journey.py
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import urllib.request
import uuid
from datetime import date, timedelta
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

BASE = os.environ["GAINSLY_URL"].rstrip("/")
MCP_BIN = os.environ["GAINSLY_MCP_BIN"]

READ_TOOLS = {
    "get_day_plan",
    "get_recovery_state",
    "get_e1rm_history",
    "search_exercises",
    "list_programs",
    "get_program",
    "weekly_volume",
}
WRITE_TOOLS = {
    "adapt_day",
    "log_workout",
    "log_top_set",
    "log_soreness",
    "create_program",
    "add_movement_rule",
}
MODES = os.environ.get("GAINSLY_MCP_MODES", "2026-07-28,legacy").split(",")
TRANSPORTS = os.environ.get("GAINSLY_MCP_TRANSPORTS", "streamable-http,stdio").split(",")


def rest(method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read() or b"null")


def new_user() -> tuple[str, str]:
    """A fresh user's write and read personal access tokens."""
    email = f"mcp-{uuid.uuid4().hex[:12]}@example.com"
    session = rest(
        "POST",
        "/api/auth/register",
        {"email": email, "password": "correct horse battery", "name": "MCP"},
    )["access_token"]
    write = rest("POST", "/api/tokens", {"name": "mcp write", "scopes": ["read", "write"]}, session)
    read = rest("POST", "/api/tokens", {"name": "mcp read", "scopes": ["read"]}, session)
    return write["token"], read["token"]


def http_client(token: str, mode: str) -> Client:
    transport = streamable_http_client(
        f"{BASE}/mcp",
        http_client=create_mcp_http_client(headers={"Authorization": f"Bearer {token}"}),
    )
    return Client(transport, mode=mode)


def stdio_client(token: str, mode: str) -> Client:
    params = StdioServerParameters(
        command=MCP_BIN, env={"GAINSLY_URL": BASE, "GAINSLY_TOKEN": token}
    )
    return Client(params, mode=mode)


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


async def ok(client: Client, name: str, args: dict[str, Any]) -> dict[str, Any]:
    result = await client.call_tool(name, args)
    text = " ".join(getattr(c, "text", "") for c in result.content)
    check(not result.is_error, f"{name} failed: {text}")
    check(isinstance(result.structured_content, dict), f"{name}: no structured content")
    check(bool(text.strip()), f"{name}: no text")
    return result.structured_content  # type: ignore[return-value]


async def journey(client: Client, label: str) -> None:
    tools = await client.list_tools()
    names = {t.name for t in tools.tools}
    check(names == READ_TOOLS | WRITE_TOOLS, f"{label}: tools listed {sorted(names)}")
    for t in tools.tools:
        check(t.input_schema.get("type") == "object", f"{label}: {t.name} schema")

    today = date.today()
    found = await ok(client, "search_exercises", {"query": "barbell bench press"})
    check(len(found["exercises"]) >= 1, "search found the bench press")
    bench_id = found["exercises"][0]["id"]

    program = await ok(
        client,
        "create_program",
        {
            "name": "MCP block",
            "goals": [{"goal": "strength", "weight": 6}, {"goal": "hypertrophy", "weight": 4}],
            "split_template": "upper_lower",
            "days_per_week": 4,
        },
    )
    check(program["is_active"] is True, "the new program is active")
    listed = await ok(client, "list_programs", {})
    check(any(p["id"] == program["id"] for p in listed["programs"]), "list_programs lists it")
    got = await ok(client, "get_program", {"id": program["id"]})
    check(got["name"] == "MCP block", "get_program")

    plan = await ok(client, "get_day_plan", {})
    check(plan["program_id"] == program["id"], "the plan is the program's")
    adapted = await ok(
        client,
        "adapt_day",
        {"available_minutes": 30, "soreness": {"quads": 6}, "energy": 6},
    )
    check(adapted["status"] == "adapted", f"adapt_day: {adapted['status']}")
    check(adapted["target_minutes"] <= 30, "the adapted session fits 30 minutes")

    yesterday = (today - timedelta(days=1)).isoformat()
    logged = await ok(
        client,
        "log_workout",
        {
            "date": yesterday,
            "exercises": [
                {"exercise": "barbell bench press", "sets": [{"weight_kg": 80, "reps": 8, "rpe": 8}] * 3},
                {"exercise": bench_id, "sets": [{"weight_kg": 70, "reps": 10}]},
            ],
        },
    )
    check(logged["kind"] == "custom" and len(logged["exercises"]) == 2, "log_workout")
    top = await ok(
        client,
        "log_top_set",
        {"exercise": bench_id, "weight_kg": 100, "reps": 3, "rpe": 9},
    )
    check(top["e1rm_kg"] is not None, "log_top_set has an e1RM")
    sore = await ok(client, "log_soreness", {"muscle": "chest", "level": 4})
    check(sore["level"] == 4, "log_soreness")
    recovery = await ok(client, "get_recovery_state", {})
    check(len(recovery["muscles"]) == 18, "recovery lists every muscle")
    history = await ok(client, "get_e1rm_history", {"exercise": "barbell bench press"})
    check(history["exercise_id"] == bench_id and len(history["points"]) >= 1, "e1RM history")
    rule = await ok(
        client,
        "add_movement_rule",
        {"rule_type": "avoid", "movement_pattern": "lunge", "reason": "sore knee"},
    )
    check(rule["movement_pattern"] == "lunge", "add_movement_rule")
    volume = await ok(client, "weekly_volume", {"week_of": yesterday})
    chest = next(m for m in volume["muscles"] if m["muscle"] == "chest")
    check(chest["sets"] >= 4, f"weekly_volume counts the logged chest sets: {chest}")

    bad = await client.call_tool("log_top_set", {"exercise": bench_id, "weight_kg": 100, "reps": 0})
    check(bad.is_error is True, "reps 0 is refused")
    body = bad.structured_content or {}
    check(body.get("error_code") == "VALIDATION_ERROR", f"the API's 422 body: {body}")
    check(any(e["field"] == "reps" for e in body.get("errors", [])), f"names reps: {body}")
    print(f"  {label}: {len(names)} tools listed, each called")


async def read_only(client: Client, label: str) -> None:
    tools = await client.list_tools()
    names = {t.name for t in tools.tools}
    check(names == READ_TOOLS, f"{label}: a read token lists {sorted(names)}")
    refused = await client.call_tool("log_soreness", {"muscle": "chest", "level": 2})
    check(refused.is_error is True, "a read token cannot write")
    check((refused.structured_content or {}).get("error_code") == "FORBIDDEN", "FORBIDDEN")
    print(f"  {label}: read token sees {len(names)} read tools, writes refused")


def describe(e: BaseException) -> str:
    """The error, with the ones an exception group wraps."""
    if isinstance(e, BaseExceptionGroup):
        return "; ".join(describe(inner) for inner in e.exceptions)
    return f"{type(e).__name__}: {e}"


async def main() -> int:
    failures = 0
    for transport, make in (("streamable-http", http_client), ("stdio", stdio_client)):
        if transport not in TRANSPORTS:
            continue
        for mode in MODES:
            label = f"{transport} ({mode})"
            write, read = new_user()
            try:
                async with make(write, mode) as client:
                    await journey(client, label)
                async with make(read, mode) as client:
                    await read_only(client, label)
            except Exception as e:  # noqa: BLE001 - report every transport, then fail
                failures += 1
                print(f"FAIL {label}: {describe(e)}", file=sys.stderr)
    if failures:
        print(f"mcp-client: {failures} journey(s) failed", file=sys.stderr)
        return 1
    print("mcp-client: every tool answered over both transports and both protocol eras")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
