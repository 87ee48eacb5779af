"""What a search snippet is cut around and marks: the parsed query, read back.

PostgreSQL parses a query (`websearch_to_tsquery`) and prints it as tsquery text, e.g.
`'fatal' <-> 'error' & !'disk'`. This reads that text back so that a snippet shows what the
query asked for: a phrase's words next to each other, not the first of them anywhere in the
text; then any of its words; never a word it excludes (`-disk`), which ts_headline would mark
like the others. Pure Python over PostgreSQL's own output (its lexemes are the index's words);
`store/search.py` runs what it builds. docs/search.md, "Snippets".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)+)'(?::[*A-Da-d]+)?|(<->|<\d+>|[&|!()]))")
_UNESCAPE = re.compile(r"''|\\(.)")
_GAP = "[^[:alnum:]]"  # what may stand between two words of a phrase (the parser splits there)


@dataclass(frozen=True)
class _Lex:
    text: str


@dataclass(frozen=True)
class _Not:
    arg: _Node


@dataclass(frozen=True)
class _Bool:
    op: str  # "&" or "|"
    args: tuple[_Node, ...]


@dataclass(frozen=True)
class _Phrase:
    args: tuple[_Node, ...]
    gaps: tuple[int, ...]  # the distance from args[i] to args[i + 1]: 1 for `<->`


_Node = _Lex | _Not | _Bool | _Phrase


class _Parser:
    """A tsquery as PostgreSQL prints it; precedence (loosest first) `|`, `&`, `<->`, `!`."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[bool, str]] = []  # (is a lexeme, text)
        pos, text = 0, text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                raise ValueError(f"unexpected tsquery text at {pos}: {text!r}")
            if m.group(1) is not None:
                lexeme = _UNESCAPE.sub(lambda e: e.group(1) or "'", m.group(1))
                self.tokens.append((True, lexeme))
            else:
                self.tokens.append((False, m.group(2)))
            pos = m.end()
        self.i = 0

    def parse(self) -> _Node:
        node = self._or()
        if self.i != len(self.tokens):
            raise ValueError("unexpected tsquery text after the end")
        return node

    def _op(self) -> str | None:
        if self.i < len(self.tokens) and not self.tokens[self.i][0]:
            return self.tokens[self.i][1]
        return None

    def _or(self) -> _Node:
        return self._bool("|", self._and)

    def _and(self) -> _Node:
        return self._bool("&", self._phrase)

    def _bool(self, op: str, operand: Callable[[], _Node]) -> _Node:
        args = [operand()]
        while self._op() == op:
            self.i += 1
            args.append(operand())
        return args[0] if len(args) == 1 else _Bool(op, tuple(args))

    def _phrase(self) -> _Node:
        args, gaps = [self._unary()], []
        while (op := self._op()) is not None and op.startswith("<"):
            self.i += 1
            gaps.append(1 if op == "<->" else int(op[1:-1]))
            args.append(self._unary())
        return args[0] if len(args) == 1 else _Phrase(tuple(args), tuple(gaps))

    def _unary(self) -> _Node:
        if self.i >= len(self.tokens):
            raise ValueError("the tsquery text ends too early")
        is_lexeme, text = self.tokens[self.i]
        self.i += 1
        if is_lexeme:
            return _Lex(text)
        if text == "!":
            return _Not(self._unary())
        if text == "(":
            node = self._or()
            if self._op() != ")":
                raise ValueError("unbalanced parentheses in the tsquery text")
            self.i += 1
            return node
        raise ValueError(f"unexpected {text!r} in the tsquery text")


def _positive(node: _Node) -> _Node | None:
    """The query without what it excludes: what a snippet can show and mark."""
    if isinstance(node, _Lex):
        return node
    if isinstance(node, _Not):
        return None
    args = tuple(a for a in map(_positive, node.args) if a is not None)
    if len(args) <= 1:
        return args[0] if args else None
    if isinstance(node, _Bool):
        return _Bool(node.op, args)
    if len(args) == len(node.args):
        return _Phrase(args, node.gaps)
    # A phrase never holds a negation when websearch_to_tsquery wrote it; if one did, its other
    # words are still worth marking.
    return _Bool("&", args)


def _any(node: _Node) -> _Node:
    """`a & b` as `a | b`: a snippet is a window of the text, which may hold only some of the
    words the whole document matched; ts_headline marks nothing in a window without all of
    them. Phrases stay phrases."""
    if isinstance(node, _Bool):
        return _Bool("|", tuple(map(_any, node.args)))
    return node


def _tsquery(node: _Node) -> str:
    """`node` as tsquery text (each operand in parentheses: the precedence never matters)."""
    if isinstance(node, _Lex):
        return "'" + node.text.replace("\\", "\\\\").replace("'", "''") + "'"
    if isinstance(node, _Not):
        return "!" + _operand(node.arg)
    if isinstance(node, _Bool):
        return f" {node.op} ".join(map(_operand, node.args))
    ops = ["<->" if gap == 1 else f"<{gap}>" for gap in node.gaps]
    return _operand(node.args[0]) + "".join(
        f" {op} {_operand(a)}" for op, a in zip(ops, node.args[1:], strict=True)
    )


def _operand(node: _Node) -> str:
    text = _tsquery(node)
    return text if isinstance(node, _Lex) else f"( {text} )"


def _lexemes(node: _Node) -> list[str]:
    if isinstance(node, _Lex):
        return [node.text]
    if isinstance(node, _Not):
        return []
    return [lexeme for a in node.args for lexeme in _lexemes(a)]


def _phrases(node: _Node) -> list[list[tuple[int, str]]]:
    """Each phrase as [(distance from the previous word, word)], when it is only words."""
    if isinstance(node, _Phrase):
        chain = _chain(node)
        return [chain] if chain else []
    if isinstance(node, _Bool):
        return [p for a in node.args for p in _phrases(a)]
    return []


def _chain(node: _Node) -> list[tuple[int, str]] | None:
    if isinstance(node, _Lex):
        return [(1, node.text)]
    if not isinstance(node, _Phrase):
        return None
    out: list[tuple[int, str]] = []
    for gap, arg in zip((1, *node.gaps), node.args, strict=True):
        part = _chain(arg)
        if part is None:
            return None
        out += [(gap, part[0][1]), *part[1:]]
    return out


def _escape(lexeme: str) -> str:
    """A lexeme as a literal in a PostgreSQL regular expression."""
    return "".join(c if c.isalnum() else "\\" + c for c in lexeme)


def _whole(body: str, first: str, last: str) -> str:
    """`body` not inside a longer word: "gasket" is not found inside "gaskets"."""
    before = "(?<![[:alnum:]])" if first[:1].isalnum() else ""
    after = "(?![[:alnum:]])" if last[-1:].isalnum() else ""
    return before + body + after


def _phrase_pattern(chain: list[tuple[int, str]]) -> str:
    """A phrase as it stands in a text. A word the parser splits ("e-mail", a URL) is followed
    in the query by its parts ('e-mail' <-> 'e' <-> 'mail'), which the text holds only once."""
    words: list[tuple[int, str]] = []
    i = 0
    while i < len(chain):
        words.append(chain[i])
        compound, pos = chain[i][1], 0
        i += 1
        if compound.isalnum():
            continue
        while i < len(chain) and chain[i][0] == 1 and (at := compound.find(chain[i][1], pos)) >= 0:
            pos = at + len(chain[i][1])
            i += 1
    body = _escape(words[0][1])
    for (_, previous), (gap, word) in itertools.pairwise(words):
        if gap > 1:
            body += f"{_GAP}+(?:[[:alnum:]]+{_GAP}+){{0,{gap - 1}}}"
        else:  # "fatal error", but "2020-01" for '2020' <-> '-01'
            body += _GAP + ("+" if previous[-1].isalnum() and word[0].isalnum() else "*")
        body += _escape(word)
    return _whole(body, words[0][1], words[-1][1])


@dataclass(frozen=True)
class SnippetQuery:
    """What a snippet is cut around and marks, from the parsed query.

    `headline`: for ts_headline, as tsquery text: the query without its exclusions, any of its
    phrases and words (None when nothing is left: `-word` alone has nothing to show).
    `phrases` and `words`: regular expressions (case-insensitive) for any of its phrases, any
    of its words."""

    headline: str | None
    phrases: str | None
    words: str | None


def snippet_query(parsed: str) -> SnippetQuery | None:
    """From `websearch_to_tsquery(...)::text`; None if it is not what that prints (then the
    snippet falls back to the whole query, from the start of the text)."""
    try:
        tree = _Parser(parsed).parse() if parsed.strip() else None
    except ValueError:
        return None
    positive = _positive(tree) if tree is not None else None
    if positive is None:
        return SnippetQuery(None, None, None)
    phrases = [_phrase_pattern(chain) for chain in _phrases(positive)]
    words = [_whole(_escape(w), w, w) for w in dict.fromkeys(_lexemes(positive))]
    return SnippetQuery(
        _tsquery(_any(positive)), "|".join(phrases) or None, "|".join(words) or None
    )
