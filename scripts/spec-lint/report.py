#!/usr/bin/env python3
"""Summaries for scripts/spec-lint.sh, one finding group per line.

    report.py validate SPEC          # openapi-spec-validator (run with the venv's python)
    report.py spectral RESULTS.json  # Spectral's `-f json` output (any python3)

Both print the findings grouped (by message for the validator, by rule for
Spectral) with counts and a few example locations, then one machine-readable
last line `counts: errors=N warnings=M`. The exit code is 0; the caller
decides what fails.
"""

import collections
import json
import sys

EXAMPLES = 3
SEVERITIES = {0: "error", 1: "warn", 2: "info", 3: "hint"}


def location(path) -> str:
    """A JSON path as `paths./api/x.get.responses.200` (empty: the root)."""
    return ".".join(str(p) for p in path) or "(document)"


def print_groups(groups: dict, full: bool) -> None:
    for (severity, key, message), locations in sorted(
        groups.items(), key=lambda kv: (kv[0][0] != "error", -len(kv[1]), kv[0][1])
    ):
        print(f"  {severity:<5} {len(locations):>4}  {key}: {message}")
        shown = locations if full else locations[:EXAMPLES]
        for loc in shown:
            print(f"               {loc}")
        if len(locations) > len(shown):
            print(f"               ... and {len(locations) - len(shown)} more (--full lists every one)")


def validate(spec_path: str, full: bool) -> None:
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )
    from openapi_spec_validator.readers import read_from_filename

    spec, _ = read_from_filename(spec_path)
    version = str(spec.get("openapi", ""))
    validator = {"3.0": OpenAPIV30SpecValidator, "3.2": OpenAPIV32SpecValidator}.get(
        version[:3], OpenAPIV31SpecValidator
    )
    groups = collections.defaultdict(list)
    for error in validator(spec).iter_errors():
        groups[("error", "schema", error.message)].append(location(error.absolute_path))
    print_groups(groups, full)
    errors = sum(len(v) for v in groups.values())
    print(f"counts: errors={errors} warnings=0")


def spectral(results_path: str, full: bool) -> None:
    with open(results_path, encoding="utf-8") as f:
        results = json.load(f)
    groups = collections.defaultdict(list)
    for r in results:
        severity = SEVERITIES.get(r.get("severity"), "?")
        groups[(severity, r["code"], r["message"])].append(location(r.get("path", [])))
    # Messages that name the location ("... in responses[429]") would split a
    # rule into one group per location; group those by rule alone.
    by_rule = collections.defaultdict(list)
    for (severity, code, message), locations in groups.items():
        by_rule[(severity, code)].append((message, locations))
    merged = {}
    for (severity, code), entries in by_rule.items():
        message = entries[0][0] if len(entries) == 1 else f"{entries[0][0]} (and {len(entries) - 1} similar messages)"
        merged[(severity, code, message)] = [loc for _, locs in entries for loc in locs]
    print_groups(merged, full)
    count = collections.Counter(s for (s, _, _), locs in merged.items() for _ in locs)
    print(f"counts: errors={count['error']} warnings={count['warn']}")


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--full"]
    full = "--full" in sys.argv[1:]
    if len(args) != 2 or args[0] not in ("validate", "spectral"):
        print(__doc__, file=sys.stderr)
        return 2
    {"validate": validate, "spectral": spectral}[args[0]](args[1], full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
