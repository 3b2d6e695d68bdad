"""Ukrainian and Russian through the real Application: topics match inflected forms in alerts
and in /latest (issue 12, in progress: the interface itself is still English)."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator
from tests.e2e.test_alerts import Newsroom, story


async def test_ukrainian_and_russian_topics_match_inflected_forms(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    await botapi.reply_to(1, "/subscribe переговори")
    await botapi.reply_to(2, "/subscribe обстріл")
    await botapi.reply_to(3, "/subscribe переговоры")
    desk.add(
        story("u1", "Переговорів не буде, заявили в Офісі президента", "Деталі згодом."),
        story("u2", "Нічні обстріли Харкова: що відомо", "Є поранені.", minutes=1),
        story("r1", "Что известно о переговорах в Стамбуле", "Объявлены сроки.", minutes=2),
    )
    await botapi.wait_for(lambda m: m.chat_id == 1 and m.visible.startswith("Переговорів"))
    await botapi.wait_for(lambda m: m.chat_id == 2 and m.visible.startswith("Нічні обстріли"))
    await botapi.wait_for(lambda m: m.chat_id == 3 and m.visible.startswith("Что известно"))
    latest = (await botapi.reply_to(4, "/latest Стамбул")).visible
    assert "Что известно о переговорах в Стамбуле" in latest
    why = botapi.messages_to(1)[-1]
    data = next(d for t, d in why.buttons() if t.startswith("❓"))
    query = botapi.user_taps(why, data)["callback_query"]["id"]
    await botapi.wait_until(lambda: query in botapi.callback_answers, what="the answer")
    assert botapi.callback_answers[query] == "‘переговори’ — found ‘переговорів’ in the title."


async def test_places_typed_in_ukrainian_with_a_radius_or_a_country(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Харків, 50 and /place Київ 100 км are understood; a Kyiv story written in
    Ukrainian reaches them in any case of the name."""
    answer = (await botapi.reply_to(5, "/place Харків, 50")).visible
    assert answer.startswith("📍 Following everything within 50 km of Kharkiv, Ukraine"), answer
    answer = (await botapi.reply_to(6, "/place Київ 100 км")).visible
    assert answer.startswith("📍 Following everything within 100 km of Kyiv, Ukraine"), answer
    answer = (await botapi.reply_to(7, "/place Athens, Georgia")).visible
    assert answer.startswith("📍 Following Athens, Georgia, United States"), answer
    desk.add(story("p1", "Вибухи у Києві вночі", "Працює ППО."))
    desk.add(story("p2", "Під Харковом тривають бої", "Деталі згодом.", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 6 and m.visible.startswith("Вибухи у Києві"))
    await botapi.wait_for(lambda m: m.chat_id == 5 and m.visible.startswith("Під Харковом"))


async def test_an_oblast_followed_in_ukrainian_gets_its_towns(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Донеччина follows Donetsk Oblast: a story about Kramatorsk (inside it) arrives,
    one about Kharkiv does not (the control: a Kharkiv subscriber gets that one)."""
    answer = (await botapi.reply_to(8, "/place Донеччина")).visible
    assert answer.startswith("📍 Following Donetsk Oblast, Ukraine"), answer
    await botapi.reply_to(9, "/place Kharkiv Oblast")
    desk.add(story("o1", "Вибухи у Харкові вночі", "Працює ППО."))
    desk.add(story("o2", "Обстріл Краматорська: є поранені", "Деталі згодом.", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 9 and m.visible.startswith("Вибухи у Харкові"))
    alert = await botapi.wait_for(lambda m: m.chat_id == 8 and m.visible.startswith("Обстріл"))
    assert "📍 Kramatorsk, in Donetsk Oblast" in alert.visible, alert.visible
    assert not [m for m in botapi.messages_to(8) if m.visible.startswith("Вибухи у Харкові")]
