"""A session's event emitter, copied for each client more cheaply than botocore copies it.

Every client botocore makes starts from a copy of its session's event emitter (a prefix trie of about 200 nodes
holding 135 handlers), then registers its own handlers, each checked for a **kwargs parameter with inspect. Its
event names are mapped to their aliased names through a cache that every copy starts empty. A scan of every region
makes a client per service and region; for srmscan's sessions (lighten_copies) each copy:

- copies the trie's nodes and handler lists without copy.copy's dispatch on every node (the same nodes and lists);
- shares the alias cache of the emitter it was copied from: the aliased name is a pure function of the event name
  and the aliases, which no one changes;
- knows which handlers accept **kwargs from the handlers already checked (by function, for bound methods by their
  class's function): the answer depends on the function's code alone.

What a client emits to which handlers, in which order, is unchanged. Other sessions are untouched, and where botocore's
classes are not as expected the session keeps botocore's own."""

from __future__ import annotations

import copy
import types
import weakref

from botocore.hooks import EventAliaser, HierarchicalEmitter, NodeList, _PrefixTrie


class _Trie(_PrefixTrie):
    def __copy__(self):
        copied = self.__class__.__new__(self.__class__)
        copied.__dict__ = _copied_node(self.__dict__)
        return copied


def _copied_node(node: dict) -> dict:
    """What _PrefixTrie._recursive_copy makes: new dicts and handler lists, the same handlers."""
    copied = {}
    for key, value in node.items():
        kind = type(value)
        if kind is dict:
            copied[key] = _copied_node(value)
        elif kind is NodeList:
            first, middle, last = value
            copied[key] = (NodeList(first[:], middle[:], last[:]) if type(first) is type(middle) is type(last) is list
                           else copy.copy(value))
        else:
            copied[key] = value
    return copied


_ACCEPTS_KWARGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Emitter(HierarchicalEmitter):
    def _verify_accept_kwargs(self, func):
        function = func.__func__ if type(func) is types.MethodType else func
        if type(function) is not types.FunctionType or hasattr(function, "__signature__"):
            return super()._verify_accept_kwargs(func)
        if _ACCEPTS_KWARGS.get(function) is not True:
            super()._verify_accept_kwargs(func)   # raises ValueError if it does not
            _ACCEPTS_KWARGS[function] = True


class _Aliaser(EventAliaser):
    def __copy__(self):
        copied = self.__class__(copy.copy(self._emitter), self._event_aliases)
        copied._alias_name_cache = self._alias_name_cache
        return copied


_LIGHTER = {EventAliaser: _Aliaser, HierarchicalEmitter: _Emitter, _PrefixTrie: _Trie}


def lighten_copies(session) -> bool:
    """Have the clients of a boto3 session copy its event emitter as above (False: the emitter is not botocore's
    EventAliaser over a HierarchicalEmitter and its trie, and is left alone)."""
    aliaser = session._session.get_component("event_emitter")   # boto3 has no public accessor for its botocore session
    emitter = getattr(aliaser, "_emitter", None)
    trie = getattr(emitter, "_handlers", None)
    parts = (aliaser, emitter, trie)
    if all(type(part) in _LIGHTER.values() for part in parts):
        return True
    if not all(type(part) in _LIGHTER for part in parts) or not hasattr(aliaser, "_alias_name_cache"):
        return False
    for part in parts:
        part.__class__ = _LIGHTER[type(part)]
    return True
