"""The ground floor: reading text in its language, below everything that reads it.

Which language a text is in (:mod:`bot.text.languages`), each word's dictionary form in
Ukrainian and Russian (:mod:`bot.text.morphology`), folding and splitting into comparable
terms (:mod:`bot.text.terms`) and cutting at a word boundary (:mod:`bot.text.cut`). Topics,
stories and places (``bot.match``, ``bot.geo``) all stand on it; it imports nothing else of
the bot, so neither of them needs the other to read a word.
"""
