"""One way of writing dates per language (settings.FORMAT_MODULE_PATH).

Django's own locale formats differ between the long and the short form ("Nov. 23,
2026" beside "11/23/2026"); the hospital writes a date one way in each language,
whether a page, an e-mail or a notification shows it. Input formats stay Django's.
"""
