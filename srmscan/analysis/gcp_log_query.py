"""Does a log-based metric's filter count every entry a CIS filter selects?

Both filters are read in the Cloud Logging query language (cloud.google.com/logging/docs/view/logging-query-
language): comparisons `field OP value` (OP one of = != : > < >= <= =~ !~, quotes optional), bare words
(global restrictions), parentheses, NOT / a leading `-`, and the Boolean operators with their documented
precedence: NOT binds tightest, then OR, then AND (`a AND b OR c` is `a AND (b OR c)`); terms side by side
are joined by AND.

The metric counts every entry the CIS filter selects when the CIS filter implies it. Each distinct
comparison is taken as an independent proposition (quotes and spacing do not matter; field, operator and
value do) and the implication is checked over every truth assignment. That is sound: a metric judged to
cover the CIS filter does; one that covers it only through the meaning of values (`:` substring matches
of a `=` value, a regular expression) is judged not to, and the evidence says which filter was compared.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

MAX_ATOMS = 16
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<op>!=|>=|<=|=~|!~|=|:|>|<)|"(?P<quoted>(?:[^"\\]|\\.)*)"'
                    r'|(?P<word>[^\s()=!:<>"]+))')


class QueryError(ValueError):
    """The text is not a query this module can read."""


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise QueryError(f"cannot read the filter at {text[position:position + 20]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append(("word", value) if kind == "quoted" else (kind, value))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise QueryError("the filter ends too early")
        self.at += 1
        return token

    def parse(self) -> Any:
        tree = self.conjunction()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.peek()[1]!r}")
        return tree

    def conjunction(self) -> Any:            # lowest precedence: AND, also implied between terms
        terms = [self.disjunction()]
        while self.peek() is not None and self.peek()[0] != "close":
            if self.peek() == ("word", "AND"):
                self.take()
            terms.append(self.disjunction())
        return terms[0] if len(terms) == 1 else ("and", terms)

    def disjunction(self) -> Any:
        terms = [self.negation()]
        while self.peek() == ("word", "OR"):
            self.take()
            terms.append(self.negation())
        return terms[0] if len(terms) == 1 else ("or", terms)

    def negation(self) -> Any:
        token = self.peek()
        if token == ("word", "NOT"):
            self.take()
            return ("not", self.negation())
        if token and token[0] == "word" and token[1].startswith("-") and len(token[1]) > 1:
            self.tokens[self.at] = ("word", token[1][1:])
            return ("not", self.negation())
        return self.primary()

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "open":
            inner = self.conjunction()
            if self.take()[0] != "close":
                raise QueryError("unbalanced parentheses")
            return inner
        if kind != "word":
            raise QueryError(f"unexpected {value!r}")
        following = self.peek()
        if following and following[0] == "op":
            operator = self.take()[1]
            _, operand = self.take()
            return ("atom", f"{value}{operator}{operand}")
        return ("atom", value)


def parse(text: str) -> Any:
    return _Parser(text).parse()


def _atoms(tree: Any) -> set[str]:
    if tree[0] == "atom":
        return {tree[1]}
    if tree[0] == "not":
        return _atoms(tree[1])
    return set().union(*(_atoms(t) for t in tree[1]))


def _value(tree: Any, truth: dict[str, bool]) -> bool:
    kind = tree[0]
    if kind == "atom":
        return truth[tree[1]]
    if kind == "not":
        return not _value(tree[1], truth)
    values = (_value(t, truth) for t in tree[1])
    return all(values) if kind == "and" else any(values)


def implies(required: str, candidate: str) -> bool:
    """True when every entry `required` selects is selected by `candidate`. Raises QueryError for a filter
    it cannot read or too many distinct comparisons to decide."""
    wanted, given = parse(required), parse(candidate)
    atoms = sorted(_atoms(wanted) | _atoms(given))
    if len(atoms) > MAX_ATOMS:
        raise QueryError(f"{len(atoms)} distinct comparisons; at most {MAX_ATOMS} are compared")
    for values in itertools.product((False, True), repeat=len(atoms)):
        truth = dict(zip(atoms, values))
        if _value(wanted, truth) and not _value(given, truth):
            return False
    return True


def metric_type_of(alert_filter: str) -> list[str]:
    """The metric types an alert condition's filter names (`metric.type="..."`)."""
    return re.findall(r'metric\.type\s*=\s*"?([^"\s)]+)"?', alert_filter or "")
