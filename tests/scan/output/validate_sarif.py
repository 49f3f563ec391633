#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema (draft-04), formats included where the
jsonschema package can check them. Exit 0 when valid, 1 with one line per error when not, 2 when the checker
itself cannot run (no jsonschema: apt-get install python3-jsonschema)."""
import json
import sys

try:
    import jsonschema
except ImportError as e:  # the test fails on this, it does not skip
    print(f"validate_sarif: cannot import jsonschema ({e}); install python3-jsonschema", file=sys.stderr)
    sys.exit(2)


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: validate_sarif.py SCHEMA SARIF", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], "rb") as f:
        raw = f.read()
    try:
        log = json.loads(raw.decode("utf-8", errors="strict"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"not UTF-8 JSON: {e}")
        return 1
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for e in errors:
        path = "/".join(str(p) for p in e.absolute_path)
        print(f"{path}: {e.message}")
    if not errors:
        print("valid")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
