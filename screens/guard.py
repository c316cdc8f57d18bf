"""The one boundary where a failure becomes a message.

Every action (``action_*``), every message handler (``on_*``) of a screen or widget of
the app, every callback given to a dialog and every worker runs through ``guarded``:
what it raises is described by the service (describe_failure) and shown in French —
in the form's error summary when the screen has one, as a notification otherwise — and
the app goes on. Nothing is saved by a failed action: each validated step is one
transaction, so the dossier stays as it was. An unexpected error also gets a private
crash report, without any answer value, whose path is in the message.

How it is applied, so that no new handler can forget it:
- ``Guarded`` (a base of AnefScreen and of the widgets with handlers) wraps, at class
  creation, each ``action_*`` and ``on_*`` method its class defines;
- ``work`` replaces textual.work for the screens: the worker's body is guarded in its
  own thread and reports to the UI thread;
- ``self.guard(callback)`` wraps a callback given to push_screen (a dialog's answer runs
  later, outside the action that opened it).
tests/test_failures.py checks that no screen module uses textual's own ``work``.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from textual import work as textual_work
from textual.message_pump import MessagePump

F = TypeVar("F", bound=Callable[..., Any])

GUARDED_PREFIXES = ("action_", "on_")


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


def guarded(method: F) -> F:
    """Wrap a method of a MessagePump (self is the node that reports)."""
    if getattr(method, "__guarded__", False):
        return method
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def run_async(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
                report_failure(self, exc)
                return None

        wrapper: Any = run_async
    else:
        @functools.wraps(method)
        def run(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
                report_failure(self, exc)
                return None

        wrapper = run
    wrapper.__guarded__ = True
    return wrapper  # type: ignore[no-any-return]


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
    """Guards every ``action_*`` and ``on_*`` method a subclass defines."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith(GUARDED_PREFIXES) and inspect.isfunction(value):
                setattr(cls, name, guarded(value))

    def guard(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """A callback run later (a dialog's answer), guarded like an action."""

        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: every failure ends here
                report_failure(self, exc)
                return None

        return run
