"""The pure pieces of the doors: body shapes, the getUpdates check, uvicorn's log lines."""

from __future__ import annotations

import json
import logging

import pytest
from starlette.applications import Starlette

from bot.telegram.polling import GarbledUpdates, checked_updates
from bot.webhook_door import json_object, server
from bot.whatsapp.webhook import is_webhook, with_user_ids
from ikm import logs

SECRET = "sangat-rahasia-42"


@pytest.mark.parametrize(
    "body", [b"[]", b"null", b'"x"', b"1", b"{", b"\xff", b"[" * 100_000, b"{}" * 2]
)
def test_only_a_json_object_is_a_body(body):
    assert json_object(body) is None


def test_a_json_object_is_read():
    assert json_object(b'{"a": [1]}') == {"a": [1]}


@pytest.mark.parametrize(
    "update",
    [
        {},
        {"entry": []},
        {"entry": [1]},
        {"entry": [{"changes": []}]},
        {"entry": [{"changes": [{}]}]},
        {"entry": [{"changes": [{"field": "messages", "value": []}]}]},
    ],
)
def test_whatsapp_bodies_without_meta_envelope_are_not_webhooks(update):
    assert not is_webhook(update)


def test_a_contact_without_user_id_gets_an_empty_one_only_when_it_has_a_number():
    value = {"contacts": [{"wa_id": "6281200000001"}, {"profile": {}}, {"user_id": "ID.1"}]}
    update = {"entry": [{"changes": [{"field": "messages", "value": value}]}]}
    assert is_webhook(update)
    contacts = with_user_ids(update)["entry"][0]["changes"][0]["value"]["contacts"]
    assert contacts == [
        {"wa_id": "6281200000001", "user_id": ""},
        {"profile": {}},
        {"user_id": "ID.1"},
    ]


@pytest.mark.parametrize("result", ["surprise", None, {"update_id": 1}, [{"message": {}}], [1]])
def test_get_updates_answers_that_confirm_nothing_are_garbled(result):
    with pytest.raises(GarbledUpdates):
        checked_updates(result)


def test_get_updates_keeps_confirmable_updates_and_cuts_unreadable_ones(caplog):
    good = {
        "update_id": 3,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}},
    }
    answer = [{"message": {}}, {"update_id": 2, "message": "teks"}, good]
    assert checked_updates(answer) == [{"update_id": 2}, good]
    assert checked_updates([]) == []
    assert (
        "1 entries without update_id" in caplog.text and "update 2 cannot be read" in caplog.text
    )


def test_uvicorns_own_lines_go_through_the_redaction_filter(capsys):
    logs.configure(secrets=[SECRET])
    try:
        server(Starlette(), host="127.0.0.1", port=1)  # uvicorn configures its logging here
        try:
            raise RuntimeError(f"token {SECRET} in an error")
        except RuntimeError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
        logging.getLogger("uvicorn.access").warning("GET /?t=%s", SECRET)
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert "Exception in ASGI application" in err and "GET /?t=***" in err
    assert SECRET not in err


def test_json_logs_are_one_redacted_object_per_line_without_the_libraries_debug(capsys):
    logs.configure(secrets=[SECRET], level=logging.DEBUG, form="json")
    try:
        try:
            raise RuntimeError(f"token {SECRET} in an error")
        except RuntimeError:
            logging.getLogger("bot.telegram.channel").exception(
                "update failed", extra={"update_id": 9}
            )
        logging.getLogger("telegram.ext").debug("a whole update with a saran %s", SECRET)
        logging.getLogger("scheduler.leader").info("leads", extra={"event": "leader"})
    finally:
        logging.getLogger().handlers.clear()
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["logger"] for line in lines] == ["bot.telegram.channel", "scheduler.leader"]
    failed, leads = lines
    assert failed["level"] == "ERROR" and failed["update_id"] == 9
    assert failed["channel"] == "telegram" and "token *** in an error" in failed["message"]
    assert "Traceback" in failed["message"] and SECRET not in json.dumps(lines)
    assert (
        leads["event"] == "leader" and "channel" not in leads and leads["time"].endswith("+00:00")
    )
