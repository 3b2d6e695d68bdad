"""A Bot API emulator on 127.0.0.1 that behaves like Telegram where the bot can tell.

It long-polls ``getUpdates``, records every message the bot sends, and answers like
Telegram: 400 for malformed HTML or a text over 4096 characters (counted in UTF-16 code
units, as Telegram does), 401 for a wrong token, 404 for an unknown method, and on demand
429 with ``retry_after``, 403 for a user who blocked the bot, 400 "chat not found" and
400 with ``migrate_to_chat_id``. Tests play the users: ``user_sends``, ``user_taps``, ...
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.emulator.serve import serve

TOKEN = "123456789:TEST-token_for-the-emulator-0123456789"
# How Telegram marks a command: "/" then letters, digits, "_", and an optional "@bot".
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Livebot",
    "username": "livebot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_STRING_PARAMS = {
    "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "language_code"
}  # fmt: skip


class ApiError(Exception):
    """An error answer, as Telegram sends it."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or ApiError(400) where Telegram would refuse it."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG_RE.match(text, i)
            if match is None:
                raise ApiError(
                    400,
                    f"Bad Request: can't parse entities: Unexpected character at byte offset {i}",
                )
            closing, name = match.group(1), match.group(2).lower()
            if name not in _ALLOWED_TAGS:
                raise ApiError(
                    400,
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset {i}',
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise ApiError(
                        400,
                        f'Bad Request: can\'t parse entities: Unmatched end tag at byte offset {i}, expected "</{stack[-1] if stack else ""}>", found "</{name}>"',
                    )
                stack.pop()
            else:
                if name == "a" and "href=" not in match.group(3):
                    raise ApiError(400, "Bad Request: can't parse entities: link has no href")
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY_RE.match(text, i)
            if match is None:
                raise ApiError(
                    400,
                    f"Bad Request: can't parse entities: Character entity expected at byte offset {i}",
                )
            out.append(html.unescape(match.group()))
            i = match.end()
        elif char == ">":
            raise ApiError(
                400, f"Bad Request: can't parse entities: Unexpected end of tag at byte offset {i}"
            )
        else:
            out.append(char)
            i += 1
    if stack:
        raise ApiError(
            400,
            f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\"",
        )
    return "".join(out)


def utf16_length(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


class DroppedConnectionError(Exception):
    """Makes the emulator close the connection without answering."""


@dataclass
class Sent:
    """A message the bot sent (or edited), as the emulator recorded it."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    at: float
    answered: bool = False
    edits: list[str] = field(default_factory=list)
    thread_id: int | None = None  # the forum topic it was posted in
    document: tuple[str, bytes] | None = None  # a sent file: (its name, its bytes)
    reply_to: int | None = None  # the message it answers (reply_parameters)

    @property
    def visible(self) -> str:
        """The text a user sees (tags removed, entities decoded)."""
        return parse_html(self.text) if self.parse_mode == "HTML" else self.text

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class Fault:
    """An error to answer instead of sending, for one chat (or any chat with chat_id None)."""

    code: int  # 0: drop the connection without answering
    description: str
    parameters: dict[str, Any] | None = None
    times: int | None = 1  # None: every time
    delay: float = 0.0  # answer this late (the message is still recorded, like Telegram would)


class BotApiEmulator:
    """The fake Telegram. Start it, point the bot's api_url at ``url``, play the users."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, Any]] = []  # the default menu (no scope, no language)
        self.menus: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (scope, language) -> menu
        self.errors: list[tuple[int, int, str]] = []  # (chat, code, description) answered
        self.callback_answers: dict[str, str | None] = {}  # callback query id -> text shown
        self.refusals: list[tuple[str, int, str]] = []  # (method, code, description) of errors
        self.admins: dict[int, set[int]] = {}
        self.forums: dict[int, set[int]] = {}  # forum supergroup -> its live topic ids
        self.channels: dict[str, int] = {}  # "@name" -> channel id (getChat)
        self.webhook: tuple[str, str] | None = None  # (url, secret) while one is set
        self.webhook_answers: list[int] = []  # HTTP statuses the bot answered our POSTs with
        self._webhook_task: asyncio.Task[None] | None = None
        self.latency = 0.0
        self.random_429 = 0.0  # share of sends answered 429 (retry_after 1) at random
        self._rng = random.Random(429)
        self._faults: dict[int | None, list[Fault]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.files: dict[str, bytes] = {}  # file_id -> what users sent (getFile serves it)
        self.url = ""

    # -- lifecycle -----------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=1 << 20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/documents/{file_id}", self._download)
        app.router.add_post("/_control/configure", self._control_configure)
        app.router.add_get("/_control/sent", self._control_sent)
        self._runner, self.url = await serve(app, shutdown_timeout=0.5)

    async def stop(self) -> None:
        """Release pending long polls at once, then stop serving."""
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._runner is not None:
            await self._runner.cleanup()

    # -- faults --------------------------------------------------------------------------
    def fail(
        self,
        chat_id: int | None,
        code: int,
        description: str,
        *,
        parameters: dict[str, Any] | None = None,
        times: int | None = 1,
    ) -> None:
        """Answer the next ``times`` sends to ``chat_id`` (None: to anyone) with an error."""
        self._faults.setdefault(chat_id, []).append(Fault(code, description, parameters, times))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every send answers 403."""
        self.fail(chat_id, 403, "Forbidden: bot was blocked by the user", times=None)

    def unblock(self, chat_id: int) -> None:
        self._faults.pop(chat_id, None)

    def flood(self, chat_id: int | None, retry_after: int = 1, times: int = 1) -> None:
        """Answer 429 Too Many Requests with ``retry_after``."""
        self.fail(
            chat_id,
            429,
            f"Too Many Requests: retry after {retry_after}",
            parameters={"retry_after": retry_after},
            times=times,
        )

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: sends to the old id answer 400 with the new id."""
        self.fail(
            chat_id,
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            parameters={"migrate_to_chat_id": new_chat_id},
            times=None,
        )

    def drop(self, chat_id: int | None, times: int = 1) -> None:
        """Close the connection without an answer (a network error for the bot)."""
        self.fail(chat_id, 0, "connection dropped", times=times)

    def slow(self, chat_id: int | None, seconds: float, times: int = 1) -> None:
        """Deliver the message but answer only after ``seconds`` (the bot may time out)."""
        self.fail(chat_id, 200, "slow", times=times)
        self._faults[chat_id][-1].delay = seconds

    def _take_fault(self, chat_id: int) -> Fault | None:
        for key in (chat_id, None):
            faults = self._faults.get(key)
            if faults:
                fault = faults[0]
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        faults.pop(0)
                return fault
        return None

    # -- users ---------------------------------------------------------------------------
    def _push(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def chat(self, chat_id: int, chat_type: str = "private") -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        found: dict[str, Any] = {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}
        if chat_id in self.forums:
            found["is_forum"] = True
        name = next((n for n, c in self.channels.items() if c == chat_id), None)
        if name is not None:
            found.update(type="channel", username=name.lstrip("@"), title=f"Channel {name}")
        return found

    def chat_type(self, chat_id: int) -> str:
        """How a chat the tests talk to looks: private (positive ids), channel, supergroup."""
        if chat_id > 0:
            return "private"
        return "channel" if chat_id in self.channels.values() else "supergroup"

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """A forum topic is deleted: sends to it fail as Telegram's do."""
        self.forums.get(chat_id, set()).discard(thread_id)

    def user_sends(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        entities: bool = True,
        language: str | None = "en",
        thread_id: int | None = None,
        reply_to: Sent | None = None,
    ) -> dict[str, Any]:
        """A user sends ``text``; commands carry a bot_command entity as real clients send,
        and the user carries the language their app is set to (Telegram may leave it out)."""
        sender: dict[str, Any] = {
            "id": user_id or abs(chat_id),
            "is_bot": False,
            "first_name": "Ann",
        }
        if language is not None:
            sender["language_code"] = language
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, chat_type),
            "from": sender,
            "text": text,
        }
        if thread_id is not None:
            message.update(message_thread_id=thread_id, is_topic_message=True)
        if reply_to is not None:
            message["reply_to_message"] = self._message(reply_to)
        if entities and (command := _COMMAND.match(text)):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group(0))}
            ]
        return self._push({"message": message})

    def user_sends_photo(self, chat_id: int, caption: str) -> dict[str, Any]:
        """A user sends a photo with a caption (commands there carry caption_entities)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": {"id": abs(chat_id), "is_bot": False, "first_name": "Ann"},
            "photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}],
            "caption": caption,
        }
        if command := _COMMAND.match(caption):
            message["caption_entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group(0))}
            ]
        return self._push({"message": message})

    def user_sends_document(
        self,
        chat_id: int,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "text/x-opml",
        chat_type: str = "private",
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A user sends a file; the bot can fetch it with getFile and a download."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, chat_type),
            "from": {"id": user_id or abs(chat_id), "is_bot": False, "first_name": "Ann"},
            "document": {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_name": filename,
                "mime_type": mime_type,
                "file_size": len(data),
            },
        }
        return self._push({"message": message})

    def user_edits(self, update: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits the message of an earlier ``user_sends`` to read ``text``."""
        message = {**update["message"], "text": text, "edit_date": int(time.time())}
        message.pop("entities", None)
        if command := _COMMAND.match(text):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group(0))}
            ]
        return self._push({"edited_message": message})

    def user_shares_location(
        self, chat_id: int, latitude: float, longitude: float
    ) -> dict[str, Any]:
        return self._push(
            {
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": self.chat(chat_id),
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Ann"},
                    "location": {"latitude": latitude, "longitude": longitude},
                }
            }
        )

    def user_taps(self, sent: Sent, data: str, *, user_id: int | None = None) -> dict[str, Any]:
        """A user taps an inline button of a message the bot sent."""
        chat_type = self.chat_type(sent.chat_id)
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "from": {
                        "id": user_id or abs(sent.chat_id),
                        "is_bot": False,
                        "first_name": "Ann",
                    },
                    "chat_instance": "1",
                    "data": data,
                    "message": {
                        "message_id": sent.message_id,
                        "date": int(sent.at),
                        "chat": self.chat(sent.chat_id, chat_type),
                        "from": BOT_USER,
                        "text": sent.visible,
                        "reply_markup": sent.reply_markup,
                    },
                }
            }
        )

    def member_status(
        self,
        chat_id: int,
        old: str,
        new: str,
        chat_type: str = "private",
        *,
        language: str | None = None,
    ) -> dict[str, Any]:
        """The bot's membership changed (``kicked`` is how a block arrives), by a user whose
        app uses ``language``."""
        user: dict[str, Any] = {"id": abs(chat_id), "is_bot": False, "first_name": "Ann"}
        if language is not None:
            user["language_code"] = language
        return self._push(
            {
                "my_chat_member": {
                    "chat": self.chat(chat_id, chat_type),
                    "from": user,
                    "date": int(time.time()),
                    "old_chat_member": {"user": BOT_USER, "status": old},
                    "new_chat_member": {"user": BOT_USER, "status": new, "until_date": 0},
                }
            }
        )

    def group_migrates(self, old_id: int, new_id: int) -> dict[str, Any]:
        return self._push(
            {
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": self.chat(old_id, "group"),
                    "from": {"id": 1, "is_bot": False, "first_name": "A"},
                    "migrate_to_chat_id": new_id,
                }
            }
        )

    def push_raw(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update exactly as given (a real sample), renumbered."""
        body = {k: v for k, v in payload.items() if k != "update_id"}
        return self._push(body)

    # -- observing -----------------------------------------------------------------------
    def messages_to(self, chat_id: int) -> list[Sent]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for(
        self, predicate: Callable[[Sent], bool], *, within: float = 10.0, after: int = 0
    ) -> Sent:
        """The first message (from index ``after``) satisfying ``predicate``."""
        deadline = time.monotonic() + within
        while True:
            for message in self.sent[after:]:
                if predicate(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = "\n---\n".join(f"[{m.chat_id}] {m.visible[:200]}" for m in self.sent[after:])
                raise AssertionError(f"no matching message within {within} s; sent:\n{seen}")
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))

    async def reply_to(
        self, chat_id: int, text: str, *, within: float = 10.0, **kwargs: Any
    ) -> Sent:
        """Send ``text`` as a user and return the bot's next message to that chat."""
        after = len(self.sent)
        self.user_sends(chat_id, text, **kwargs)
        return await self.wait_for(lambda m: m.chat_id == chat_id, within=within, after=after)

    async def wait_until(
        self, condition: Callable[[], bool], *, within: float = 10.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {within} s waiting for {what}")
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.1)

    # -- control, for benchmarks that run the emulator in its own process ---------------
    async def _control_configure(self, request: web.Request) -> web.Response:
        settings = await request.json()
        self.latency = float(settings.get("latency", self.latency))
        self.random_429 = float(settings.get("random_429", self.random_429))
        if settings.get("reset"):
            self.sent, self.errors, self.calls = [], [], []
        return web.json_response({"ok": True})

    async def _control_sent(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "sent": [[m.chat_id, m.at] for m in self.sent],
                "refused": len(self.errors),
            }
        )

    # -- the Bot API ---------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                status=404,
            )
        try:
            result = await handler(params)
        except DroppedConnectionError:
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        except ApiError as exc:
            self.refusals.append((method, exc.code, exc.description))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        raw = dict(request.query)
        params: dict[str, Any] = {}
        if request.can_read_body:
            form = await request.post()
            raw.update({k: v for k, v in form.items() if isinstance(v, str)})
            uploads = {k: v for k, v in form.items() if isinstance(v, web.FileField)}
            if uploads:  # a file sent as multipart: kept as (file name, bytes)
                params["_files"] = {k: (v.filename, v.file.read()) for k, v in uploads.items()}
        for key, value in raw.items():
            if key in _STRING_PARAMS:
                params[key] = value
                continue
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    async def _download(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["file_id"])
        if request.match_info["token"] != self.token or data is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=data)

    async def _api_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        size = len(self.files[file_id])
        if size > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": size,
            "file_path": f"documents/{file_id}",
        }

    async def _api_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        files = params.get("_files", {})
        if "document" not in files:
            raise ApiError(400, "Bad Request: there is no document in the request")
        name, data = files["document"]
        caption = str(params.get("caption", ""))
        if utf16_length(parse_html(caption) if params.get("parse_mode") else caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        sent = await self._record(chat_id, caption, params, time.time(), document=(name, data))
        sent.answered = True
        document = {"file_id": f"out-{sent.message_id}", "file_unique_id": f"u{sent.message_id}",
                    "file_name": name, "file_size": len(data)}  # fmt: skip
        return {**self._message(sent), "document": document}

    async def _api_getme(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> Any:
        url, secret = str(params["url"]), str(params.get("secret_token") or "")
        self.webhook = (url, secret)
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._post_updates())
        await self._notify()
        return True

    async def _post_updates(self) -> None:
        """While a webhook is set, POST each queued update to it in order, as Telegram
        does (retrying what the bot does not answer with 200)."""
        async with aiohttp.ClientSession() as session:
            while not self._closing:
                if self.webhook is None:
                    return
                if not self._updates:
                    async with self._changed:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._changed.wait(), 0.2)
                    continue
                url, secret = self.webhook
                update = self._updates[0]
                try:
                    async with session.post(
                        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
                    ) as response:
                        self.webhook_answers.append(response.status)
                        if response.status == 200:
                            self._updates.pop(0)
                            continue
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)

    async def _api_setmycommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope") or {"type": "default"}
        where = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        language = str(params.get("language_code") or "")
        if language and not (len(language) == 2 and language.isalpha()):
            raise ApiError(400, "Bad Request: invalid language code specified")
        self.menus[(where, language)] = list(params.get("commands", []))
        if (where, language) == ("default", ""):
            self.commands = self.menus[(where, language)]
        await self._notify()
        return True

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> Any:
        self.callback_answers[str(params["callback_query_id"])] = params.get("text")
        await self._notify()
        return True

    async def _api_getchat(self, params: dict[str, Any]) -> Any:
        key = str(params["chat_id"])
        chat_id = self.channels.get(key) or (int(key) if key.lstrip("-").isdigit() else None)
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat not found")
        return {
            **self.chat(chat_id, self.chat_type(chat_id)),
            "accent_color_id": 0,
            "max_reaction_count": 11,
        }

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        target = self._to_edit(params)
        markup = params.get("reply_markup") or None
        if markup == target.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        target.reply_markup = markup
        await self._notify()
        return self._message(target)

    async def _api_getchatmember(self, params: dict[str, Any]) -> Any:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = "administrator" if user_id in self.admins.get(chat_id, set()) else "member"
        user = {"id": user_id, "is_bot": False, "first_name": "Ann"}
        if status == "administrator":
            return {
                "status": status,
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        return {"status": status, "user": user}

    async def _api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            while not self._updates and not self._closing and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return list(self._updates[: int(params.get("limit") or 100)])

    def _check_text(self, params: dict[str, Any]) -> str:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_length(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    async def _api_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        received = time.time()  # what Telegram's flood control counts: arrival, not answer
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = self._take_fault(chat_id)
        if fault is None and self.random_429 and self._rng.random() < self.random_429:
            fault = Fault(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        if fault is not None and fault.code != 200:
            self.errors.append((chat_id, fault.code, fault.description))
            await self._notify()
            if fault.code == 0:
                raise DroppedConnectionError
            raise ApiError(fault.code, fault.description, fault.parameters)
        sent = await self._record(chat_id, self._check_text(params), params, received)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        result = self._message(sent)
        sent.answered = True
        return result

    async def _record(
        self,
        chat_id: int,
        text: str,
        params: dict[str, Any],
        at: float,
        document: tuple[str, bytes] | None = None,
    ) -> Sent:
        """A message (or file) the bot sent, posted where it asked: a forum topic that does
        not exist is refused as Telegram refuses it."""
        thread = params.get("message_thread_id")
        if thread is not None and int(thread) not in self.forums.get(chat_id, set()):
            self.errors.append((chat_id, 400, "Bad Request: message thread not found"))
            raise ApiError(400, "Bad Request: message thread not found")
        replying = params.get("reply_parameters")
        if isinstance(replying, str):
            replying = json.loads(replying)
        reply_to = None
        if isinstance(replying, dict) and "message_id" in replying:
            reply_to = int(replying["message_id"])
            known = any(m.chat_id == chat_id and m.message_id == reply_to for m in self.sent)
            if not known and not replying.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        sent = Sent(
            next(self._message_ids),
            chat_id,
            text,
            params.get("parse_mode"),
            params.get("reply_markup"),
            at,
            thread_id=int(thread) if thread is not None else None,
            document=document,
            reply_to=reply_to,
        )
        self.sent.append(sent)
        await self._notify()
        return sent

    def _to_edit(self, params: dict[str, Any]) -> Sent:
        """The message an edit names, or Telegram's 400 when there is none."""
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        for message in self.sent:
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    async def _api_editmessagetext(self, params: dict[str, Any]) -> Any:
        target = self._to_edit(params)
        text = self._check_text(params)
        if text == target.text and params.get("reply_markup") == target.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        target.edits.append(target.text)
        target.text, target.parse_mode = text, params.get("parse_mode")
        target.reply_markup = params.get("reply_markup")
        await self._notify()
        return self._message(target)

    def _message(self, sent: Sent) -> dict[str, Any]:
        chat_type = self.chat_type(sent.chat_id)
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(sent.at),
            "from": BOT_USER,
            "chat": self.chat(sent.chat_id, chat_type),
            "text": sent.visible,
        }
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        if sent.thread_id is not None:
            message.update(message_thread_id=sent.thread_id, is_topic_message=True)
        return message


async def _serve_forever() -> None:
    emulator = BotApiEmulator()
    await emulator.start()
    print(emulator.url, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(_serve_forever())
