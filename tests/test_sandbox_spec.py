"""SpecValidator against the real Discord OpenAPI description."""

import pytest

from sandbox.spec import DEFAULT_PATH, SpecValidator

pytestmark = pytest.mark.skipif(not DEFAULT_PATH.exists(), reason="Discord OpenAPI spec missing")

MESSAGES = "/channels/123/messages"
VALID_MESSAGE = {
    "content": "bonjour",
    "nonce": "abc",
    "enforce_nonce": True,
    "allowed_mentions": {"parse": []},
}
USER = {
    "id": "80351110224678912",
    "username": "tutorat",
    "avatar": None,
    "discriminator": "0",
    "public_flags": 0,
    "flags": 0,
    "global_name": None,
    "mfa_enabled": False,
    "locale": "fr",
}


@pytest.fixture(scope="module")
def spec() -> SpecValidator:
    return SpecValidator()


def test_second_validator_reuses_loaded_document(spec: SpecValidator) -> None:
    assert SpecValidator(DEFAULT_PATH).spec is spec.spec


def test_valid_create_message_passes(spec: SpecValidator) -> None:
    assert spec.check_request("POST", MESSAGES, VALID_MESSAGE) == []


def test_content_too_long_fails(spec: SpecValidator) -> None:
    errors = spec.check_request("POST", MESSAGES, {**VALID_MESSAGE, "content": "x" * 5000})
    assert len(errors) == 1
    assert "$.content" in errors[0]
    assert errors[0].startswith("POST /channels/{channel_id}/messages request:")


def test_nonce_too_long_fails(spec: SpecValidator) -> None:
    errors = spec.check_request("POST", MESSAGES, {**VALID_MESSAGE, "nonce": "n" * 30})
    assert errors == [
        "POST /channels/{channel_id}/messages request: $.nonce: 30 chars is longer than 25"
    ]


def test_missing_required_body(spec: SpecValidator) -> None:
    assert spec.check_request("POST", MESSAGES, None) != []


def test_literal_route_wins(spec: SpecValidator) -> None:
    assert spec.match("POST", "/users/@me/channels") == ("/users/@me/channels", {})
    assert spec.match("GET", "/users/42/channels") is None
    assert spec.operation_id("POST", "/users/@me/channels") == "create_dm"


def test_api_prefix_is_stripped(spec: SpecValidator) -> None:
    assert spec.match("POST", "/api/v10/channels/1/messages") == (
        "/channels/{channel_id}/messages",
        {"channel_id": "1"},
    )
    assert spec.operation_id("post", "/api/v10/channels/1/messages") == "create_message"


def test_unknown_route(spec: SpecValidator) -> None:
    assert spec.match("GET", "/nowhere/1") is None
    assert spec.check_request("POST", "/nowhere/1", {}) == ["unknown route: POST /nowhere/1"]
    assert spec.check_response("DELETE", "/users/@me", 200, {}) == [
        "unknown route: DELETE /users/@me"
    ]


def test_get_current_user_response(spec: SpecValidator) -> None:
    assert spec.check_response("GET", "/users/@me", 200, USER) == []
    incomplete = {key: value for key, value in USER.items() if key != "username"}
    errors = spec.check_response("GET", "/users/@me", 200, incomplete)
    assert errors == ["GET /users/@me response 200: $: 'username' is a required property"]


def test_rate_limit_response_requires_code(spec: SpecValidator) -> None:
    body = {"message": "You are being rate limited.", "retry_after": 1.0, "global": False}
    # The spec's RatelimitedResponse is allOf [Error (code, message), {retry_after, global}].
    assert spec.check_response("POST", MESSAGES, 429, {**body, "code": 0}) == []
    errors = spec.check_response("POST", MESSAGES, 429, body)
    assert errors == [
        "POST /channels/{channel_id}/messages response 429: $: 'code' is a required property"
    ]


def test_status_ranges_and_no_content(spec: SpecValidator) -> None:
    assert spec.check_response("POST", MESSAGES, 404, {"code": 10003, "message": "Unknown"}) == []
    assert spec.check_response("POST", MESSAGES, 500, {}) != []
    overwrite = "/channels/1/permissions/2"
    assert spec.check_response("PUT", overwrite, 204, None) == []
