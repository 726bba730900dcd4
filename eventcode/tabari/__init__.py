"""TABARI and PETRARCH-1 compatibility: read their dictionaries, code text with TABARI's rules, and
run their validation suites.

Modules, in data-flow order: ``reader`` (the dictionary formats), ``trie`` and ``compiled`` (the
dictionaries compiled into tries), ``options`` (TABARI/PETRARCH options), ``entities`` (actors,
agents, compounds and pronouns found in a sentence), ``patterns`` (matching a verb's patterns),
``matcher`` (clauses and the events of a sentence), ``records`` (what coding yields), ``suite``
(``Validate.text`` and ``PETR.UnitTest.records.xml``) and ``coder`` (eventcode's pipeline).
"""
