"""Validate sandbox HTTP traffic against Discord's OpenAPI 3.1 description."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import quote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared/discord-api/openapi.json"
BASE_URI = "https://discord.local/openapi.json"
METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}
PREFIX = re.compile(r"^/api(?:/v\d+)?(?=/)")
MAX_MESSAGE = 200


class Spec:
    """The parsed document, its reference registry and the route table."""

    def __init__(self, path: Path):
        self.doc = json.loads(path.read_text(encoding="utf-8"))
        # Discord documents snowflakes as strings but accepts integers in requests, and
        # discord.py sends some as integers (recipient_id, overwrite ids): accept both.
        snowflake = self.doc["components"]["schemas"]["SnowflakeType"]
        self.doc["components"]["schemas"]["SnowflakeType"] = {
            "anyOf": [snowflake, {"type": "integer", "minimum": 0}]
        }
        # Permission bitfields are strings in Discord's own docs and payloads (they outgrow
        # 53 bits); the spec types some request fields as integers. Accept both.
        accept_bitfield_strings(self.doc["components"]["schemas"])
        accept_bitfield_strings(self.doc["paths"])
        self.registry = Registry().with_resource(BASE_URI, DRAFT202012.create_resource(self.doc))
        routes = []
        for template, item in self.doc["paths"].items():
            parts = template.strip("/").split("/")
            literals = sum(1 for part in parts if not part.startswith("{"))
            pattern = "/".join(
                f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
                for part in parts
            )
            routes.append((-literals, -len(parts), template, re.compile(f"/{pattern}"), item))
        routes.sort(key=lambda route: route[:3])
        self.routes = [(template, regex, item) for _, _, template, regex, item in routes]
        self.validators: dict[str, Draft202012Validator] = {}

    def validator(self, *pointer: str) -> Draft202012Validator:
        """A compiled validator for the schema at this location of the document."""
        fragment = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in pointer)
        fragment = quote(fragment, safe="/~@!$&'()*+,;=:-._")
        if fragment not in self.validators:
            schema = {"$ref": f"{BASE_URI}#{fragment}"}
            self.validators[fragment] = Draft202012Validator(schema, registry=self.registry)
        return self.validators[fragment]


BITFIELDS = {"permissions", "allow", "deny"}


def accept_bitfield_strings(node: object) -> None:
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            kind = schema.get("type") if isinstance(schema, dict) else None
            if (
                name in BITFIELDS
                and kind
                and "integer" in (kind if isinstance(kind, list) else [kind])
            ):
                node["properties"][name] = {
                    "anyOf": [schema, {"type": "string", "pattern": "^[0-9]+$"}]
                }
        for value in node.values():
            accept_bitfield_strings(value)
    elif isinstance(node, list):
        for value in node:
            accept_bitfield_strings(value)


@functools.cache
def load_spec(path: Path) -> Spec:
    return Spec(path)


def describe(error: ValidationError) -> str:
    """'$.where: what', descending into oneOf/anyOf to the most relevant cause."""
    while error.context and error.validator in ("oneOf", "anyOf"):
        causes = [e for e in error.context if e.validator != "type"] or error.context
        error = best_match(causes)
    if error.validator in ("maxLength", "minLength") and isinstance(error.instance, str):
        bound = "longer" if error.validator == "maxLength" else "shorter"
        message = f"{len(error.instance)} chars is {bound} than {error.validator_value}"
    else:
        message = error.message
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 3] + "..."
    return f"{error.json_path}: {message}"


class SpecValidator:
    def __init__(self, path: Path | None = None):
        self.spec = load_spec(Path(path or DEFAULT_PATH).resolve())

    def _find(self, method: str, path: str) -> tuple[str, dict[str, str], dict] | None:
        method = method.lower()
        path = PREFIX.sub("", path.split("?", 1)[0])
        if len(path) > 1:
            path = path.rstrip("/")
        for template, regex, item in self.spec.routes:
            found = regex.fullmatch(path)
            if found and method in item and method in METHODS:
                return template, found.groupdict(), item[method]
        return None

    def match(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        found = self._find(method, path)
        return (found[0], found[1]) if found else None

    def operation_id(self, method: str, path: str) -> str | None:
        found = self._find(method, path)
        return found[2].get("operationId") if found else None

    def _errors(self, label: str, validator: Draft202012Validator, body: object) -> list[str]:
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        return [f"{label}: {describe(error)}" for error in errors]

    def check_message(self, message: object) -> list[str]:
        """Errors of a message object against MessageResponse (to explain a oneOf failure)."""
        validator = self.spec.validator("components", "schemas", "MessageResponse")
        return [describe(e) for e in validator.iter_errors(message)]

    def check_request(self, method: str, path: str, body: object | None) -> list[str]:
        found = self._find(method, path)
        if not found:
            return [f"unknown route: {method.upper()} {path}"]
        template, _, operation = found
        label = f"{method.upper()} {template} request"
        request = operation.get("requestBody")
        if not request or "application/json" not in request.get("content", {}):
            return []
        if body is None:
            return [f"{label}: a JSON body is required"] if request.get("required") else []
        pointer = ("paths", template, method.lower(), "requestBody", "content", "application/json")
        return self._errors(label, self.spec.validator(*pointer, "schema"), body)

    def check_response(self, method: str, path: str, status: int, body: object | None) -> list[str]:
        found = self._find(method, path)
        if not found:
            return [f"unknown route: {method.upper()} {path}"]
        template, _, operation = found
        label = f"{method.upper()} {template} response {status}"
        responses = operation.get("responses", {})
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None
        )
        if key is None:
            return [f"{label}: status not declared (declared: {', '.join(responses)})"]
        pointer: tuple[str, ...] = ("paths", template, method.lower(), "responses", key)
        response = responses[key]
        if "$ref" in response:
            name = response["$ref"].rsplit("/", 1)[-1]
            pointer, response = (
                ("components", "responses", name),
                self.spec.doc["components"]["responses"][name],
            )
        if status == 204 or "schema" not in response.get("content", {}).get("application/json", {}):
            return []
        if body is None:
            return [f"{label}: a JSON body is required"]
        validator = self.spec.validator(*pointer, "content", "application/json", "schema")
        return self._errors(label, validator, body)
