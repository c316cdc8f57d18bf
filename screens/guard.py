"""The one boundary where a failure becomes a message.

Every action (``action_*``), every message handler (``on_*``), every ``compose`` of a
screen or widget of the app, every callback given to a dialog, to a timer, to
``call_later`` / ``call_after_refresh`` or from a worker's thread, and every worker runs
through the guard: what it raises is described by the service (describe_failure) and
shown in French — in the form's error summary when the screen has one, as a
notification otherwise — and the app goes on. Nothing is saved by a failed action: each
validated step is one transaction, so the dossier stays as it was. An unexpected error
also gets a private crash report, without any answer value, whose path is in the
message.

How it is applied, so that no new handler can forget it:
- ``Guarded`` (a base of AnefScreen and of the widgets with handlers) wraps, at class
  creation, each ``action_*`` and ``on_*`` method and the ``compose`` its class defines
  (a screen that cannot be built is left: the agent is back where they were, told why);
- its ``call_later``, ``call_after_refresh``, ``call_next``, ``set_timer`` and
  ``set_interval`` guard the callback they are given, and ``self.call_from_thread(cb)``
  (not ``self.app.call_from_thread``) runs a worker's callback on the UI thread, guarded;
- ``work`` replaces textual.work for the screens: the worker's body is guarded in its
  own thread and reports to the UI thread;
- ``self.guard(callback)`` wraps a callback given to push_screen (a dialog's answer runs
  later, outside the action that opened it).
tests/test_failures.py checks that no screen module uses textual's own ``work`` nor the
app's unguarded ``call_from_thread`` / timers, and that every compose is guarded.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from textual import work as textual_work
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

F = TypeVar("F", bound=Callable[..., Any])

GUARDED_PREFIXES = ("action_", "on_")
# The screens whose compose (or one of their widgets') failed, until they are gone.
_UNBUILT: weakref.WeakSet[MessagePump] = weakref.WeakSet()


def report_failure(node: MessagePump, exc: BaseException) -> None:
    """Show `exc` as a French message (on the UI thread); write the report if it is a bug."""
    # Here, not at the top: the home screen imports this module before the first frame.
    from anef_tui.service import describe_failure

    app = node.app
    failure = describe_failure(exc, app.settings.data_dir)  # type: ignore[attr-defined]
    show = getattr(app.screen, "show_failure", None)
    if show is not None:
        try:
            show(failure.message)
        except Exception:  # noqa: BLE001 - the screen may be half-built; the toast remains
            show = None
    app.notify(failure.message, title="Action impossible", severity="error",
               timeout=30 if failure.report else 12, markup=False)


def _report_from_thread(node: MessagePump, exc: BaseException) -> None:
    # RuntimeError: the app is closing, there is no screen to speak to any more.
    with contextlib.suppress(RuntimeError):
        node.app.call_from_thread(report_failure, node, exc)


def _screen_of(node: MessagePump) -> MessagePump | None:
    if isinstance(node, Screen):
        return node
    try:
        return node.screen  # type: ignore[attr-defined,no-any-return]
    except Exception:  # noqa: BLE001 - not mounted (yet, or any more): no screen to ask
        return None


def _unbuilt(node: MessagePump) -> bool:
    """True on a screen whose compose failed (it is being left): its handlers, written
    for the whole screen, would only fail again on the missing part."""
    if not _UNBUILT:  # nearly always: no lookup on the way of every key and event
        return False
    return _screen_of(node) in _UNBUILT


def guarded(method: F) -> F:
    """Wrap a method of a MessagePump (self is the node that reports)."""
    if getattr(method, "__guarded__", False):
        return method
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def run_async(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
            if _unbuilt(self):
                return None
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
                report_failure(self, exc)
                return None

        wrapper: Any = run_async
    else:
        @functools.wraps(method)
        def run(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
            if _unbuilt(self):
                return None
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
                report_failure(self, exc)
                return None

        wrapper = run
    wrapper.__guarded__ = True
    return wrapper  # type: ignore[no-any-return]


def _leave_unbuilt_screen(node: MessagePump) -> None:
    """After a compose failed: leave the screen it was for (a half-built form must not be
    filled in), unless it is the app's first screen (above Textual's blank default one),
    which stays as far as it could be built."""
    app = node.app
    screen = _screen_of(node)
    if screen is None or screen in app.screen_stack[:2]:
        return  # the first screen stays, as far as it could be built, and usable
    _UNBUILT.add(screen)

    def leave() -> None:
        if app.screen is screen:
            app.pop_screen()

    app.call_later(leave)


def guarded_compose(method: F) -> F:
    """Wrap a ``compose``: a failure while building is said and the screen left."""
    if getattr(method, "__guarded__", False):
        return method

    @functools.wraps(method)
    def run(self: MessagePump) -> Iterable[Any]:
        if _unbuilt(self):
            return  # its screen is being left: one failure said, not one per widget
        try:
            yield from method(self)
        except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
            report_failure(self, exc)
            _leave_unbuilt_screen(self)

    run.__guarded__ = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


async def _awaited(node: MessagePump, result: Awaitable[Any]) -> Any:
    try:
        return await result
    except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
        report_failure(node, exc)
        return None


def guard_callback(node: MessagePump, callback: Callable[..., Any]) -> Callable[..., Any]:
    """A callback run later (a dialog's answer, a timer, a worker's report), guarded like
    an action; an async callback is guarded where it is awaited."""
    if getattr(callback, "__guarded__", False):
        return callback

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
            report_failure(node, exc)
            return None
        return _awaited(node, result) if inspect.isawaitable(result) else result

    run.__guarded__ = True  # type: ignore[attr-defined]
    return run


def work(*, thread: bool = False, exclusive: bool = False,
         group: str = "default") -> Callable[[F], F]:
    """textual.work, with the worker's body guarded (in its own thread for thread=True)."""

    def decorator(method: F) -> F:
        if inspect.iscoroutinefunction(method):
            body: Any = guarded(method)
        else:
            @functools.wraps(method)
            def body(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
                try:
                    return method(self, *args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - the boundary, in the worker
                    if thread:
                        _report_from_thread(self, exc)
                    else:
                        report_failure(self, exc)
                    return None

        body.__guarded__ = True
        return textual_work(thread=thread, exclusive=exclusive, group=group)(body)  # type: ignore[no-any-return]

    return decorator


class Guarded(MessagePump):
    """Guards every ``action_*``, ``on_*`` and ``compose`` method a subclass defines, and
    every callback it schedules."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not inspect.isfunction(value):
                continue
            if name.startswith(GUARDED_PREFIXES):
                setattr(cls, name, guarded(value))
            elif name == "compose":
                setattr(cls, name, guarded_compose(value))

    def guard(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """A callback run later (a dialog's answer), guarded like an action."""
        return guard_callback(self, callback)

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """From a worker's thread: run `callback` on the UI thread, guarded there (what it
        raises is said on screen, not sent back into the worker)."""
        return self.app.call_from_thread(guard_callback(self, callback), *args, **kwargs)

    # The callbacks Textual runs later, outside the handler that scheduled them.
    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_later(guard_callback(self, callback), *args, **kwargs)

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any,
                           **kwargs: Any) -> bool:
        return super().call_after_refresh(guard_callback(self, callback), *args, **kwargs)

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().call_next(guard_callback(self, callback), *args, **kwargs)

    def set_timer(self, delay: float, callback: Callable[..., Any] | None = None, *,
                  name: str | None = None, pause: bool = False) -> Timer:
        guarded_cb = guard_callback(self, callback) if callback is not None else None
        return super().set_timer(delay, guarded_cb, name=name, pause=pause)

    def set_interval(self, interval: float, callback: Callable[..., Any] | None = None, *,
                     name: str | None = None, repeat: int = 0, pause: bool = False) -> Timer:
        guarded_cb = guard_callback(self, callback) if callback is not None else None
        return super().set_interval(interval, guarded_cb, name=name, repeat=repeat,
                                    pause=pause)
