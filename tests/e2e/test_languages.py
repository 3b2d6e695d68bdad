"""Ukrainian and Russian through the real Application: the interface in the chat's language,
and topics and places matched in inflected forms, in alerts and in /latest (issue 12)."""

from __future__ import annotations

from bot.emulator.botapi import BotApiEmulator, Sent
from tests.e2e.helpers import Newsroom, story, tap


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
    assert botapi.callback_answers[query] == "“переговори” — found “переговорів” in the title."


async def following(botapi: BotApiEmulator, chat: int, command: str, said: str) -> None:
    """``chat`` sends ``command`` (a /place); the bot's answer begins with ``said``."""
    answer = (await botapi.reply_to(chat, command)).visible
    assert answer.startswith(said), answer


async def test_places_typed_in_ukrainian_with_a_radius_or_a_country(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Харків, 50 and /place Київ 100 км are understood; a Kyiv story written in
    Ukrainian reaches them in any case of the name."""
    await following(
        botapi, 5, "/place Харків, 50", "📍 Following everything within 50 km of Kharkiv, Ukraine"
    )
    await following(
        botapi, 6, "/place Київ 100 км", "📍 Following everything within 100 km of Kyiv, Ukraine"
    )
    await following(
        botapi, 7, "/place Athens, Georgia", "📍 Following Athens, Georgia, United States"
    )
    desk.add(story("p1", "Вибухи у Києві вночі", "Працює ППО."))
    desk.add(story("p2", "Під Харковом тривають бої", "Деталі згодом.", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 6 and m.visible.startswith("Вибухи у Києві"))
    await botapi.wait_for(lambda m: m.chat_id == 5 and m.visible.startswith("Під Харковом"))


async def test_an_oblast_followed_in_ukrainian_gets_its_towns(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Донеччина follows Donetsk Oblast: a story about Kramatorsk (inside it) arrives,
    one about Kharkiv does not (the control: a Kharkiv subscriber gets that one)."""
    await following(botapi, 8, "/place Донеччина", "📍 Following Donetsk Oblast, Ukraine")
    await botapi.reply_to(9, "/place Kharkiv Oblast")
    desk.add(story("o1", "Вибухи у Харкові вночі", "Працює ППО."))
    desk.add(story("o2", "Обстріл Краматорська: є поранені", "Деталі згодом.", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 9 and m.visible.startswith("Вибухи у Харкові"))
    alert = await botapi.wait_for(lambda m: m.chat_id == 8 and m.visible.startswith("Обстріл"))
    assert "📍 Kramatorsk, in Donetsk Oblast" in alert.visible, alert.visible
    assert not [m for m in botapi.messages_to(8) if m.visible.startswith("Вибухи у Харкові")]


async def _tap(botapi: BotApiEmulator, message: Sent, label: str) -> str:
    """Tap the button whose label starts with ``label``; the toast it answers with."""
    data = next(d for t, d in message.buttons() if t.startswith(label))
    query = botapi.user_taps(message, data)["callback_query"]["id"]
    await botapi.wait_until(lambda: query in botapi.callback_answers, what="the answer")
    return botapi.callback_answers[query] or ""


async def test_a_province_abroad_followed_by_its_ukrainian_name_gets_its_cities(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/place Пенджаб follows Pakistan's Punjab (a region of the admin1 table): a story about
    Lahore arrives; one about Karachi (Sindh) does not (the control: /place Sindh gets it)."""
    await following(botapi, 10, "/place Пенджаб", "📍 Following Punjab, Pakistan")
    await following(botapi, 11, "/place Sindh", "📍 Following Sindh, Pakistan")
    desk.add(story("w1", "Heatwave grips Karachi", "Hospitals are full."))
    desk.add(story("w2", "Floods cut roads around Lahore", "Rescue teams deployed.", minutes=1))
    await botapi.wait_for(lambda m: m.chat_id == 11 and m.visible.startswith("Heatwave"))
    alert = await botapi.wait_for(lambda m: m.chat_id == 10 and m.visible.startswith("Floods"))
    assert "📍 Lahore, in Punjab" in alert.visible, alert.visible
    assert not any(m.visible.startswith("Heatwave") for m in botapi.messages_to(10))


async def test_a_ukrainian_speaker_uses_livebot_in_ukrainian(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """A user whose Telegram app is in Ukrainian gets help, confirmations, alerts (reasons,
    buttons, dates) and button answers in Ukrainian, with no setting to find."""
    welcome = (await botapi.reply_to(21, "/start", language="uk")).visible
    assert welcome.startswith("Livebot надсилає коротке сповіщення"), welcome
    assert "/place Київ 150 — усе в межах 150 км від Києва" in welcome
    offer = await botapi.wait_for(lambda m: m.chat_id == 21 and "Час показано за UTC" in m.visible)
    await tap(botapi, offer, dict(offer.buttons())["🕒 Europe/Kyiv"])  # defect 18
    assert "🕒 Часовий пояс: Europe/Kyiv" in offer.visible
    done = (await botapi.reply_to(21, "/subscribe переговори", language="uk")).visible
    assert done.startswith("✅ Стежу за «переговори»"), done
    place = (await botapi.reply_to(21, "/place Харків 50", language="uk")).visible
    assert place.startswith("📍 Стежу: усе в межах 50 км від «Харків, Україна»."), place
    desk.add(story("k1", "Переговорів щодо Чугуєва не буде", "Деталі згодом."))
    alert = await botapi.wait_for(lambda m: m.chat_id == 21 and m.visible.startswith("Переговорів"))
    assert "🔔 переговори" in alert.visible and "Читати далі" in alert.visible, alert.visible
    assert "📍 Чугуїв, за 35 км від «Харків»" in alert.visible, alert.visible
    labels = [text for text, _ in alert.buttons()]
    assert "✖ Відписатися" in labels and "❓ Чому це?" in labels, labels
    why = await _tap(botapi, alert, "❓")
    assert (
        why
        == "📍 Харків, Україна · у межах 50 км — у новині згадано: Чугуїв, за 35 км від «Харків»."
    )
    listing = (await botapi.reply_to(21, "/list", language="uk")).visible
    assert listing.startswith("Цей чат має 2 підписки"), listing
    unknown = (await botapi.reply_to(21, "/place Нарнія", language="uk")).visible
    assert unknown.startswith("Я не знаю місця «Нарнія»."), unknown


async def test_language_is_chosen_with_a_command_or_a_button_and_sets_the_menu(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """/language ru switches an English chat to Russian (answers, /list, the chat's command
    menu); the /settings button switches it to Ukrainian; the menus for Ukrainian and Russian
    apps are published at start."""
    assert botapi.menus[("default", "uk")][0]["description"].startswith("Як користуватися")
    assert botapi.menus[("default", "ru")][0]["description"].startswith("Как пользоваться")
    await botapi.reply_to(22, "/subscribe storm")
    done = (await botapi.reply_to(22, "/language ru")).visible
    assert done == "✅ Теперь я пишу по-русски.", done
    assert (await botapi.reply_to(22, "/list")).visible.startswith("У этого чата 1 подписка")
    assert botapi.menus[("chat:22", "")][1]["description"].startswith("Следить за темой")
    menu = await botapi.reply_to(22, "/settings")
    assert "🌐 Язык: Русский" in menu.visible, menu.visible
    await _tap(botapi, menu, "🌐")
    picker = botapi.messages_to(22)[-1]
    await botapi.wait_until(lambda: "Українська" in str(picker.reply_markup), what="the picker")
    await _tap(botapi, picker, "Українська")
    await botapi.wait_until(
        lambda: "Налаштування цього чату" in botapi.messages_to(22)[-1].visible,
        what="the settings in Ukrainian",
    )
    odd = (await botapi.reply_to(22, "/language klingon")).visible
    assert odd.startswith("Я пишу англійською, українською та російською"), odd
    assert (await botapi.reply_to(22, "/language English")).visible.startswith("✅ I will write")


async def test_a_group_speaks_the_language_of_the_admin_who_added_it(
    botapi: BotApiEmulator, desk: Newsroom
) -> None:
    """The greeting and the group's answers are in the adding admin's language; only admins
    change the group's language."""
    group, admin, member = -4401, 4401, 4402
    botapi.admins[group] = {admin}
    botapi.member_status(group, "left", "member", chat_type="supergroup", language="ru")
    greeting = await botapi.wait_for(lambda m: m.chat_id == group)
    assert greeting.visible.startswith("👋 Привет!"), greeting.visible
    refused = await botapi.reply_to(
        group, "/language en", user_id=member, chat_type="supergroup", language="en"
    )
    assert refused.visible.startswith("Только администраторы этой группы"), refused.visible
    done = await botapi.reply_to(
        group, "/language uk", user_id=admin, chat_type="supergroup", language="ru"
    )
    assert done.visible == "✅ Відтепер я пишу українською.", done.visible


async def test_a_german_story_is_read_in_german(botapi: BotApiEmulator, desk: Newsroom) -> None:
    """A story the feed does not label is told to be German and stemmed as German: the topic
    "Wahlen" finds "Wahl", in an alert and in /latest."""
    await botapi.reply_to(31, "/subscribe Wahlen")
    desk.add(
        story(
            "de1",
            "Die Wahl in Thüringen ist entschieden",
            "Nach der Auszählung aller Stimmen steht das Ergebnis fest. Die Regierungsbildung "
            "dürfte schwierig werden, sagen Beobachter in Erfurt.",
        )
    )
    await botapi.wait_for(lambda m: m.chat_id == 31 and m.visible.startswith("Die Wahl in"))
    latest = (await botapi.reply_to(32, "/latest Wahlen")).visible
    assert "Die Wahl in Thüringen ist entschieden" in latest, latest
