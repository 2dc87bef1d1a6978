"""Just enough of OpenAPI 3.0 to check the stand-in against the Spotify Web API description.

Schemas: $ref, allOf, oneOf, anyOf, type, nullable, enum, required, properties, items,
minimum and maximum. Problems are returned as readable strings (empty: it conforms).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


class Spec:
    def __init__(self, path: Path) -> None:
        self.doc = yaml.safe_load(path.read_text(encoding="utf-8"))

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        """The spec's path template and operation for a concrete request path."""
        path = "/" + path.strip("/")
        for template, item in self.doc["paths"].items():
            pattern = "^" + re.sub(r"\{\w+\}", "[^/]+", template) + "$"
            if re.match(pattern, path) and method.lower() in item:
                return template, item[method.lower()]
        return None

    def parameters(self, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
        found = [self.resolve(p) for p in operation.get("parameters", [])]
        return {p["name"]: p for p in found if p.get("in") == "query"}

    def body_schema(self, operation: dict[str, Any]) -> Any:
        body = self.resolve(operation.get("requestBody") or {})
        return ((body.get("content") or {}).get("application/json") or {}).get("schema")

    def response_schema(self, operation: dict[str, Any], status: int) -> tuple[bool, Any]:
        """(declared, schema) for ``status``; a declared response may have no body."""
        response = operation.get("responses", {}).get(str(status))
        if response is None:
            return False, None
        response = self.resolve(response)
        content = (response.get("content") or {}).get("application/json") or {}
        return True, content.get("schema")

    def check(self, value: Any, schema: Any, at: str = "$") -> list[str]:
        schema = self.resolve(schema)
        if not schema:
            return []
        if value is None:
            return [] if schema.get("nullable") or _untyped(schema) else [f"{at}: null"]
        problems = []
        for part in schema.get("allOf", []):
            problems += self.check(value, part, at)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                fits = [p for p in schema[key] if not self.check(value, p, at)]
                wanted = len(fits) == 1 if key == "oneOf" else bool(fits)
                if not wanted:
                    problems.append(f"{at}: matches {len(fits)} of the {key} choices")
        return problems + self._check_type(value, schema, at)

    def _check_type(self, value: Any, schema: dict[str, Any], at: str) -> list[str]:
        kind = schema.get("type")
        if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
            return [f"{at}: {value!r} is not an integer"]
        if kind == "number" and not isinstance(value, (int, float)):
            return [f"{at}: {value!r} is not a number"]
        if kind in TYPES and not isinstance(value, TYPES[kind]):
            return [f"{at}: {type(value).__name__} where {kind} expected"]
        problems = []
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{at}: {value!r} not one of {schema['enum']}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                problems.append(f"{at}: {value} below {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                problems.append(f"{at}: {value} above {schema['maximum']}")
        if isinstance(value, dict):
            problems += self._check_object(value, schema, at)
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                problems += self.check(item, schema["items"], f"{at}[{i}]")
        return problems

    def _check_object(self, value: dict[str, Any], schema: dict[str, Any], at: str) -> list[str]:
        problems = [f"{at}: missing {key!r}" for key in schema.get("required", [])
                    if key not in value]
        for key, sub in (schema.get("properties") or {}).items():
            if key in value:
                problems += self.check(value[key], sub, f"{at}.{key}")
        return problems

    def check_parameter(self, parameter: dict[str, Any], text: str) -> list[str]:
        schema = self.resolve(parameter.get("schema") or {})
        value: Any = text
        if schema.get("type") == "integer":
            if not re.fullmatch(r"-?\d+", text):
                return [f"query {parameter['name']}: {text!r} is not an integer"]
            value = int(text)
        if schema.get("type") == "array":
            value = text.split(",")
        return self.check(value, schema, f"query {parameter['name']}")


def _untyped(schema: dict[str, Any]) -> bool:
    return not any(k in schema for k in ("type", "allOf", "oneOf", "anyOf", "properties"))
