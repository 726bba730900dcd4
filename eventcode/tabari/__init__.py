"""TABARI and PETRARCH-1 compatibility: read their dictionaries, code text with TABARI's rules, and
run their validation suites.

Modules: ``reader`` (the dictionary formats), ``matcher`` (compiled dictionaries and TABARI-style
coding of a sentence), ``suite`` (``Validate.text`` and ``PETR.UnitTest.records.xml``).
"""
