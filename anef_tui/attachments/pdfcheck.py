"""Find what makes a PDF act instead of being read: JavaScript, launch actions, attachments.

A préfecture receives these files: a PDF that runs a script or a program when it
is opened, or that carries other files inside it, must not leave the counter. We
walk what a viewer would act on — the document's open action and additional
actions, its name trees, its form, every page's actions and annotations, and the
actions they chain to — rather than grep the bytes: object streams are compressed
and a name in a content stream is not an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Active:
    """What was found, as the refusal says it: « contient <what> : <why> »."""

    what: str
    why: str


_ACTS = "un document qui agit à l'ouverture ne peut pas être envoyé à la préfecture"
JAVASCRIPT = Active("du JavaScript (un programme qui s'exécute à l'ouverture)", _ACTS)
LAUNCH = Active("une commande qui lance un programme", _ACTS)
EMBEDDED = Active(
    "d'autres fichiers",
    "un PDF qui transporte d'autres fichiers ne peut pas être envoyé à la préfecture",
)

_ACTION_KINDS = {"/JavaScript": JAVASCRIPT, "/Launch": LAUNCH, "/GoToE": EMBEDDED}
_ANNOTATION_KINDS = {"/FileAttachment": EMBEDDED}
_NAME_TREES = {"/JavaScript": JAVASCRIPT, "/EmbeddedFiles": EMBEDDED}
_ORDER = (JAVASCRIPT, LAUNCH, EMBEDDED)
# Actions chain (/Next) and annotations point to parents: bound the walk.
_MAX_NODES = 10_000


def active_content(reader: Any) -> Active | None:
    """The most serious active content of the PDF, or None."""
    found: set[Active] = set()
    walker = _Walker(found)
    root = reader.trailer["/Root"].get_object()
    walker.action(root.get("/OpenAction"))
    walker.additional_actions(root.get("/AA"))
    names = _resolve(root.get("/Names"))
    if isinstance(names, dict):
        for key, what in _NAME_TREES.items():
            if key in names:
                found.add(what)
    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, dict):
        if "/XFA" in form:
            # XFA forms carry their own scripts.
            found.add(JAVASCRIPT)
        for field in _resolve(form.get("/Fields")) or []:
            walker.field(field)
    for page in reader.pages:
        walker.additional_actions(page.get("/AA"))
        for annotation in _resolve(page.get("/Annots")) or []:
            walker.annotation(annotation)
    for what in _ORDER:
        if what in found:
            return what
    return None


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


class _Walker:
    def __init__(self, found: set[Active]) -> None:
        self.found = found
        self.seen: set[int] = set()

    def _visit(self, value: Any) -> Any:
        """The object, or None when already seen or when the walk is long enough."""
        obj = _resolve(value)
        if not isinstance(obj, dict | list):
            return None
        key = id(obj)
        if key in self.seen or len(self.seen) > _MAX_NODES:
            return None
        self.seen.add(key)
        return obj

    def action(self, value: Any) -> None:
        action = self._visit(value)
        if isinstance(action, list):
            # An explicit destination ([page /Fit]) or an array of actions.
            for item in action:
                self.action(item)
            return
        if not isinstance(action, dict):
            return
        kind = action.get("/S")
        if kind in _ACTION_KINDS:
            self.found.add(_ACTION_KINDS[kind])
        if "/JS" in action:
            self.found.add(JAVASCRIPT)
        if "/EF" in action or "/EmbeddedFile" in str(action.get("/Type", "")):
            self.found.add(EMBEDDED)
        self.action(action.get("/Next"))

    def additional_actions(self, value: Any) -> None:
        actions = self._visit(value)
        if isinstance(actions, dict):
            for item in actions.values():
                self.action(item)

    def annotation(self, value: Any) -> None:
        annotation = self._visit(value)
        if not isinstance(annotation, dict):
            return
        subtype = annotation.get("/Subtype")
        if subtype in _ANNOTATION_KINDS:
            self.found.add(_ANNOTATION_KINDS[subtype])
        if "/FS" in annotation:
            self.found.add(EMBEDDED)
        self.action(annotation.get("/A"))
        self.additional_actions(annotation.get("/AA"))

    def field(self, value: Any) -> None:
        field = self._visit(value)
        if not isinstance(field, dict):
            return
        self.action(field.get("/A"))
        self.additional_actions(field.get("/AA"))
        for kid in _resolve(field.get("/Kids")) or []:
            self.field(kid)
