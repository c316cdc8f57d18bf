"""Keys typed ahead are handled in the order typed, each by what has the focus when its
turn comes.

Textual hands a key to the widget focused when the app *reads* it (into that widget's
queue) but resolves the bindings — Tab, Space on a choice or a box, Enter on a button,
ctrl+s — only once the key has gone up through that widget and its parents, back to the
app. Keys typed behind a Tab while the app was busy were therefore already queued on the
field the Tab was leaving: « 7503136189 ⇥ NGUYEN ⇥⇥ Van Minh » sent at once all went into
the N° étranger. Making Tab a priority binding (focus moved as the key arrives) lost the
Space typed just before it instead (e6f061d).

`TypeAhead` stands between the terminal and Textual's key path:

- a key the focused text field inserts itself (a printable character, a paste into an
  `Input`) is handed on at once: the field reads its queue in order, nothing in it can
  move the focus, and a burst of text costs what it always cost;
- any other key (Tab, Enter, Space on a choice, a letter on a list, ctrl+s…) is handed on,
  then the keys behind it wait until it has been handled: until it and what it caused —
  the messages posted up the way it went, the bindings run by the app, and the messages
  those bindings posted (a button's « Pressed », a list's « Selected ») — have gone
  through the focused widget and each of its parents, up to the app. This is followed by
  a marker (a callback) posted behind them in each queue in turn, so it is exact, not a
  delay;
- when the screen changes (a dialog, the next screen), the keys behind wait until the new
  screen has been mounted and resumed — its opening focus is set — then go to it: a
  typist who knows the next screen types into it;
- a screen may hold the keys while its work runs off the interface's thread (a step's
  save, in a worker): the keys typed meanwhile go to the next step's first field once it
  is shown. If the work is refused (errors, a question), the keys typed behind are
  dropped, and it is said: they were meant for a screen that did not come, and a
  confirmation under them could be answered unread.

A paste stays one event. A mouse event is not held (it goes where it points).
"""

from __future__ import annotations

import sys
import weakref
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.errors import NoWidget
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

# Said when keys typed during a refused save are dropped (they were meant for the next
# step): the refusal itself is on screen and its focus on what to fix.
DROPPED = ("Les touches tapées pendant l'enregistrement n'ont pas été prises en compte : "
           "l'étape est à corriger.")

Typed = events.Key | events.Paste
# Frames a key that may move the focus waits at most for a step to be whole and laid out
# (a chunk per frame: the largest step at 80×24 has about 15; a widget that never lays
# out must not stop the keyboard).
MAX_FRAMES = 60
# A step's save and the next step's first frame take ≈ 0.1 s (more on a busy machine);
# the keys typed meanwhile wait for them a second at most (then the step being saved has
# them, as before: a locked database must not keep the keyboard).
HOLD_SECONDS = 1.0
# How often waiting keys check that the queue they wait on has not closed meanwhile.
WATCH_SECONDS = 0.5


def _inserted_in_place(target: MessagePump, event: Typed) -> bool:
    """Whether the focused widget inserts this key itself and stops it there: a text
    field's (an Input's, a TextArea's) printable character, an Input's paste. Nothing in
    it moves the focus."""
    if isinstance(target, Input):
        return isinstance(event, events.Paste) or event.is_printable
    # TextArea's module is loaded with the first screen that has one, not at start. Its
    # paste goes on up to the app: not in place.
    module = sys.modules.get("textual.widgets._text_area")
    text_area = getattr(module, "TextArea", None)
    return (text_area is not None and isinstance(target, text_area)
            and not target.read_only and isinstance(event, events.Key) and event.is_printable)


class TypeAhead:
    """The app's keys, handed on one at a time where a key may move the focus."""

    def __init__(self, app: App[object], deliver: Callable[[Typed], Awaitable[None]]) -> None:
        self._app = app
        # Textual's own handling of a key read from the terminal (App.on_event): the
        # priority bindings, then the focused widget (or the screen).
        self._deliver = deliver
        self._waiting: deque[Typed] = deque()
        # The key being followed, and the queue its marker is in.
        self._followed: Typed | None = None
        self._marker_in: MessagePump | None = None
        self._second_pass = False
        self._reached_app = False
        self._held = False
        self._hold_timer: Timer | None = None
        # Weak: a screen or a field let go is not kept alive until the next key.
        self._ready: weakref.ref[Screen[object]] | None = None
        self._probing: Screen[object] | None = None
        self._pump_posted = False
        # The text field characters were last handed to without waiting, and the field
        # being waited for (a marker behind those characters).
        self._typed_into: weakref.ref[MessagePump] | None = None
        self._flushing: MessagePump | None = None
        # The screen waited for until it is whole and laid out, and for how many frames.
        self._mounting: Screen[object] | None = None
        self._frames_waited = 0
        self._watchdog: Timer | None = None

    # -- what the app calls -----------------------------------------------------------

    @staticmethod
    def takes(event: events.Event) -> bool:
        """A key or a paste read from the terminal (not one Textual is passing on)."""
        return isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded

    async def receive(self, event: Typed) -> None:
        if self._waiting or self._busy() or not self._screen_ready():
            self._waiting.append(event)
            self._unstick()
            self._watch()
            return
        await self._send(event)

    def reached_app(self, event: events.Event) -> None:
        """The app has run its bindings for a key that went up to it."""
        if event is self._followed:
            self._reached_app = True

    def hold(self) -> None:
        """Keys wait until `release` — a screen's work running off the interface's
        thread, after which the focus will be elsewhere (a step's save) — or for
        HOLD_SECONDS at most: a save that waits for a locked database gives the keyboard
        back to the step meanwhile (Tab moves, ctrl+s says the save is running)."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._held = True
        self._hold_timer = self._app.set_timer(HOLD_SECONDS, self._let_go, name="keys-held")

    def release(self, *, drop: bool = False) -> None:
        """End a `hold`. `drop`: the work was refused; the keys typed during it, meant
        for a screen that did not come, are let go, and it is said."""
        if not self._held:
            return  # already given back (HOLD_SECONDS passed): the keys went on
        if drop and self._waiting:
            self._waiting.clear()
            self._app.notify(DROPPED, severity="warning", timeout=6, markup=False)
        self._let_go()

    def release_soon(self, *, drop: bool = False) -> None:
        """`release`, from any thread: posted to the app's queue, behind what was asked
        of the interface before (a worker's call_from_thread has run already)."""
        self._app.call_later(self.release, drop=drop)

    def _let_go(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        self._held = False
        self._post_pump()

    @property
    def waiting(self) -> int:
        """How many keys typed ahead wait for their turn."""
        return len(self._waiting)

    @property
    def settled(self) -> bool:
        """Whether every key read has been handed on and handled."""
        return not self._waiting and not self._busy()

    def state(self) -> str:
        """What the keys wait for (for a failing test's message; no key's content)."""
        return (f"{len(self._waiting)} en attente, suivie={self._followed is not None} "
                f"dans={type(self._marker_in).__name__}, vidage={self._flushing is not None}, "
                f"montage={self._mounting is not None}, retenues={self._held}, "
                f"écran prêt={self._probing is None}")

    # -- handing keys on --------------------------------------------------------------

    def _busy(self) -> bool:
        return (self._followed is not None or self._flushing is not None
                or self._mounting is not None or self._held)

    async def _send(self, event: Typed) -> None:
        app = self._app
        target: MessagePump = app.focused or app.screen
        in_place = _inserted_in_place(target, event)
        if not in_place and not self._laid_out(app.screen):
            self._waiting.appendleft(event)
            self._wait_frame(app.screen)
            return
        typed_into = self._typed_into() if self._typed_into is not None else None
        if not in_place and typed_into is not None:
            # Characters handed on are maybe still in their field's queue; a binding
            # (ctrl+s runs as the key arrives) must find them typed: wait for them.
            self._waiting.appendleft(event)
            self._flush(typed_into)
            return
        self._frames_waited = 0
        await self._deliver(event)
        if not event.is_forwarded:
            # Taken by a priority binding of the app or the screen (or dropped by
            # Textual): what its action posted goes through the queues first.
            self._follow(event, second_pass=True)
        elif in_place:
            self._typed_into = weakref.ref(target)
        else:
            self._follow(event, second_pass=False, start=target)

    def _laid_out(self, screen: Screen[object]) -> bool:
        """Whether a key that may move the focus can go now.

        Not while a step still mounts its end (a chunk per frame): a Tab would skip the
        fields not there yet. Not while a field of the Tab order has no place on the
        screen yet: Textual orders the focus by where the widgets were laid out, and a
        field an answer has just shown (a box ticked: « Numéro de voie », « Voie ») is
        nowhere until the next frame — the Tab typed behind the Space went past it.
        A few frames at most.
        """
        if self._frames_waited >= MAX_FRAMES:
            return True
        if not getattr(screen, "whole", True):
            return False
        # The displayed widgets that take the focus, without Textual's focus chain (which
        # sorts every level by place: twice the cost of a Tab's own work).
        stack = list(screen.displayed_children)
        while stack:
            widget = stack.pop()
            if widget.can_focus:
                try:
                    screen.find_widget(widget)
                except NoWidget:
                    return False
            stack.extend(widget.displayed_children)
        return True

    def _wait_frame(self, screen: Screen[object]) -> None:
        self._mounting = screen
        self._frames_waited += 1
        screen.call_after_refresh(self._after_frame, screen)

    def _after_frame(self, screen: Screen[object]) -> None:
        if self._mounting is screen:
            self._mounting = None
            self._post_pump()

    def _flush(self, node: MessagePump) -> None:
        self._flushing = node
        if not node.call_later(self._flushed, node):
            self._flushed(node)

    def _flushed(self, node: MessagePump) -> None:
        if self._flushing is node:
            self._flushing = None
            self._typed_into = None
            self._post_pump()

    def _follow(self, event: Typed, *, second_pass: bool,
                start: MessagePump | None = None) -> None:
        self._followed = event
        self._second_pass = second_pass
        self._reached_app = False
        self._post_marker(start if start is not None else self._start())

    def _start(self) -> MessagePump:
        return self._app.focused or self._app.screen

    def _post_marker(self, node: MessagePump) -> None:
        event = self._followed
        self._marker_in = node
        if node is self._app or not node.call_later(self._passed, node, event):
            self._app.call_later(self._at_app, event)
            self._marker_in = self._app

    def _passed(self, node: MessagePump, event: Typed) -> None:
        """Everything posted to `node` before the marker has been handled there."""
        if event is not self._followed:
            return
        parent = node._parent  # noqa: SLF001 - the queue the key bubbles to
        if parent is None or parent is self._app or not node.is_attached:
            self._post_marker(self._app)
        else:
            self._post_marker(parent)

    def _at_app(self, event: Typed) -> None:
        if event is not self._followed:
            return
        if not self._second_pass and self._reached_app:
            # The app ran the key's bindings: what their actions posted to the focused
            # widget and its parents goes through before the next key.
            self._second_pass = True
            self._post_marker(self._start())
            return
        self._done()

    def _done(self) -> None:
        self._followed = None
        self._marker_in = None
        self._post_pump()

    def _post_pump(self) -> None:
        # The next key is handed on from the app's queue: a focus set by widget.focus()
        # meanwhile (a callback in that queue) lands before it.
        if self._waiting and not self._pump_posted:
            self._pump_posted = self._app.call_later(self._pump)

    async def _pump(self) -> None:
        self._pump_posted = False
        # Keys a text field inserts itself go on together; the first other one stops.
        while self._waiting and not self._busy() and self._screen_ready():
            await self._send(self._waiting.popleft())

    # -- a new screen -----------------------------------------------------------------

    def _screen_ready(self) -> bool:
        """Whether the current screen has been mounted and resumed (its opening focus
        set); if not, a marker in its queue says when."""
        try:
            screen = self._app.screen
        except Exception:  # noqa: BLE001 - no screen yet, or the app is closing
            return True
        if self._ready is not None and self._ready() is screen:
            return True
        if self._probing is not screen:
            self._probing = screen
            if not screen.call_later(self._resumed, screen):
                self._probing = None
                self._ready = weakref.ref(screen)
                return True
        return False

    def _resumed(self, screen: Screen[object]) -> None:
        if self._probing is screen:
            self._probing = None
            self._ready = weakref.ref(screen)
        self._post_pump()

    def _watch(self) -> None:
        """While keys wait, look every WATCH_SECONDS that what they wait for can come."""
        if self._watchdog is None:
            self._watchdog = self._app.set_interval(WATCH_SECONDS, self._unstick,
                                                    name="keys-watch")
        else:
            self._watchdog.resume()

    def _unstick(self) -> None:
        """A key waits behind a marker left in a queue that closed (its widget removed
        meanwhile): that marker will never run; the keys go on."""
        node = self._marker_in
        if node is not None and node is not self._app and _closed(node):
            self._done()
        flushing = self._flushing
        if flushing is not None and _closed(flushing):
            self._flushed(flushing)
        mounting = self._mounting
        if mounting is not None and _closed(mounting):
            self._after_frame(mounting)
        if not self._waiting and self._watchdog is not None:
            self._watchdog.pause()
        probing = self._probing
        if probing is not None and _closed(probing):
            self._probing = None
            self._post_pump()


def hold_keys(node: MessagePump) -> None:
    """Keys typed from now on wait (see `TypeAhead.hold`); from the app's thread."""
    keys = getattr(node.app, "keys", None)
    if isinstance(keys, TypeAhead):
        keys.hold()


def release_keys(node: MessagePump, *, drop: bool = False) -> None:
    """End `hold_keys`, from the app's thread or a worker's: the release is posted to
    the app's queue, behind what the worker asked the interface to do before it."""
    keys = getattr(node.app, "keys", None)
    if isinstance(keys, TypeAhead):
        keys.release_soon(drop=drop)


def _closed(node: MessagePump) -> bool:
    """Whether `node` reads its queue no more (Textual has no public flag for it)."""
    return bool(node._closing or node._closed)  # noqa: SLF001
