#!/usr/bin/env python3
"""TEMPORARY SHIM (issue 19 part A): delete once every response in
openapi/openapi.json has a `description` (issue 19 part B fixes the
annotations in crates/api).

OpenAPI 3.1 requires a `description` on every Response Object; 108 of the
committed spec's responses have none, and openapi-python-client refuses such a
document. This writes a COPY of the spec in which each inline response
without a `description` gets its HTTP reason phrase ("OK", "Created",
"Unauthorized", ...). Nothing else changes: responses that have a description
and `$ref`s to `#/components/responses/*` are left as they are, and the
committed spec is never touched.

    scripts/spec-fill-descriptions.py IN.json OUT.json

Prints how many descriptions it filled; when that is 0 the shim has nothing
left to do and should be deleted (with its uses in scripts/python-client.sh).
"""

import http
import json
import sys

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def reason(status: str) -> str:
    """The reason phrase of a status code ("404" -> "Not Found"); ranges
    ("4XX") and unknown codes fall back to a neutral text."""
    try:
        return http.HTTPStatus(int(status)).phrase
    except ValueError:
        return f"{status} response"


def fill(spec: dict) -> int:
    filled = 0
    responses = [
        (status, response)
        for item in spec.get("paths", {}).values()
        for method in METHODS
        if method in item
        for status, response in item[method].get("responses", {}).items()
    ]
    responses += list(spec.get("components", {}).get("responses", {}).items())
    for status, response in responses:
        if "$ref" not in response and "description" not in response:
            response["description"] = reason(status)
            filled += 1
    return filled


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        spec = json.load(f)
    filled = fill(spec)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=2, ensure_ascii=False)
        f.write("\n")
    note = " (nothing left to fill: delete this shim)" if filled == 0 else ""
    print(f"spec-fill-descriptions: filled {filled} missing response descriptions{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
