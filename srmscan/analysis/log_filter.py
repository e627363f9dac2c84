"""CloudWatch Logs filter patterns for JSON log events, parsed and evaluated on events.

A monitoring check asks "does this metric filter catch these CloudTrail events?". Comparing pattern
strings fails on whitespace, quoting and the order of OR terms; evaluating the pattern on
representative events does not. Supported (CloudWatch Logs "filter pattern syntax for JSON log
events"): `{ ... }` with selectors `$.a.b[0]`, `=` and `!=` on strings (quoted or bare, `*` wildcards,
`%regex%`), numeric `= != < > <= >=`, `IS TRUE|FALSE|NULL`, `EXISTS` / `NOT EXISTS`, `&&` binding
tighter than `||`, parentheses, and the empty pattern (matches every event). Anything else raises
FilterSyntaxError, which callers report as "could not judge", never as a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

_MISSING = object()
_TOKEN = re.compile(r"""
    \s*(?:
      (?P<punct>&&|\|\||!=|<=|>=|[{}()=<>])
    | (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<regex>%(?:[^%\\]|\\.)*%)
    | (?P<selector>\$(?:\.[^\s.\[\]()=!<>&|{}"]+|\[\d+\])*)
    | (?P<word>[^\s(){}=!<>&|"]+)
    )""", re.VERBOSE)
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


class FilterSyntaxError(ValueError):
    pass


Predicate = Callable[[dict], bool]


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FilterSyntaxError(f"unexpected text at {position}: {text[position:position + 20]!r}")
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind)))
        position = match.end()
    return tokens


def compile_pattern(pattern: str) -> Predicate:
    """A predicate over JSON events (dicts) that is true where CloudWatch Logs would match."""
    if not pattern.strip():
        return lambda event: True
    tokens = _tokens(pattern)
    if not tokens or tokens[0].text != "{" or tokens[-1].text != "}":
        raise FilterSyntaxError("only JSON filter patterns ({ ... }) are understood")
    parser = _Parser(tokens[1:-1])
    predicate = parser.expression()
    if parser.position != len(parser.tokens):
        raise FilterSyntaxError(f"unexpected {parser.tokens[parser.position].text!r}")
    return predicate


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens, self.position = tokens, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise FilterSyntaxError("the pattern ends too early")
        self.position += 1
        return token

    def expression(self) -> Predicate:
        terms = [self.conjunction()]
        while self.peek() is not None and self.peek().text == "||":
            self.take()
            terms.append(self.conjunction())
        return terms[0] if len(terms) == 1 else (lambda event, ts=tuple(terms): any(t(event) for t in ts))

    def conjunction(self) -> Predicate:
        factors = [self.factor()]
        while self.peek() is not None and self.peek().text == "&&":
            self.take()
            factors.append(self.factor())
        return factors[0] if len(factors) == 1 else (lambda event, fs=tuple(factors): all(f(event) for f in fs))

    def factor(self) -> Predicate:
        token = self.take()
        if token.text == "(":
            inner = self.expression()
            if self.take().text != ")":
                raise FilterSyntaxError("a parenthesis is not closed")
            return inner
        if token.kind != "selector":
            raise FilterSyntaxError(f"expected a $.selector, found {token.text!r}")
        return self.comparison(_path(token.text))

    def comparison(self, path: tuple) -> Predicate:
        operator = self.take()
        word = operator.text.upper() if operator.kind == "word" else None
        if word == "IS":
            what = self.take().text.upper()
            if what not in ("TRUE", "FALSE", "NULL"):
                raise FilterSyntaxError(f"IS {what} is not a filter test")
            expected = {"TRUE": True, "FALSE": False, "NULL": None}[what]
            return lambda event: (value := _lookup(event, path)) is not _MISSING and value is expected
        if word == "NOT":
            if self.take().text.upper() != "EXISTS":
                raise FilterSyntaxError("NOT must be followed by EXISTS")
            return lambda event: _lookup(event, path) is _MISSING
        if word == "EXISTS":
            return lambda event: _lookup(event, path) is not _MISSING
        if operator.text not in ("=", "!=", "<", ">", "<=", ">="):
            raise FilterSyntaxError(f"expected an operator after the selector, found {operator.text!r}")
        value = self.take()
        if value.kind not in ("string", "word", "regex"):
            raise FilterSyntaxError(f"expected a value, found {value.text!r}")
        return _compare(path, operator.text, value)


def _path(selector: str) -> tuple:
    parts: list[Any] = []
    for name, index in re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", selector[1:]):
        parts.append(int(index) if index else name)
    if not parts:
        raise FilterSyntaxError("a selector must name a field ($.field)")
    return tuple(parts)


def _lookup(event: Any, path: tuple) -> Any:
    value = event
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return _MISSING
            value = value[part]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and NUMBER.match(value):
        return float(value)
    return None


def _compare(path: tuple, operator: str, token: _Token) -> Predicate:
    if token.kind == "string":
        raw = re.sub(r"\\(.)", r"\1", token.text[1:-1])
        matcher = _wildcard(raw)
    elif token.kind == "regex":
        try:
            expression = re.compile(token.text[1:-1])
        except re.error as exc:
            raise FilterSyntaxError(f"bad regular expression {token.text}: {exc}") from None
        matcher = lambda text: expression.search(text) is not None  # noqa: E731
    else:
        matcher = _wildcard(token.text)
    number = _number(token.text) if token.kind == "word" else None

    if operator in ("<", ">", "<=", ">="):
        if number is None:
            raise FilterSyntaxError(f"{operator} needs a number, found {token.text!r}")
        compare = {"<": float.__lt__, ">": float.__gt__, "<=": float.__le__, ">=": float.__ge__}[operator]

        def numeric(event: dict) -> bool:
            found = _number(_lookup(event, path))
            return found is not None and compare(found, number)
        return numeric

    def equal(value: Any) -> bool:
        if number is not None and _number(value) is not None:
            return _number(value) == number
        return matcher(_text(value))

    if operator == "=":
        return lambda event: (value := _lookup(event, path)) is not _MISSING and equal(value)
    return lambda event: (value := _lookup(event, path)) is not _MISSING and not equal(value)


def _wildcard(pattern: str) -> Callable[[str], bool]:
    if "*" not in pattern:
        return lambda text: text == pattern
    expression = re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$", re.S)
    return lambda text: expression.match(text) is not None
