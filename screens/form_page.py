"""What the form screens share: the error summary at the top and errors by the fields."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from anef_tui.service import FieldError
from screens.base import AnefScreen
from screens.fields import FieldInput, field_dom_id
from screens.focus import reveal


class FormPage(AnefScreen):
    """A screen with FieldInputs, an #error-summary Static, and per-field error lines."""

    def show_failure(self, message: str) -> None:
        self.show_errors([FieldError("", "Action impossible", message)])

    def field_inputs(self) -> list[FieldInput]:
        return list(self.query(FieldInput))

    def applicant_sexe(self) -> str | None:
        """The sexe typed on this screen, else the one of the case's identity: the answer
        of the field playing the role « sexe »."""
        for widget in self.field_inputs():
            if widget.field.role == "sexe":
                value = widget.value()
                if value:
                    return str(value)
        record = getattr(self, "record", None)
        if record is None:
            return None
        field_id = self.service.procedure(record.procedure_id).role_id("sexe")
        sexe = record.identity.get(field_id) if field_id else None
        return str(sexe) if sexe else None

    def agree_nationalities(self) -> None:
        sexe = self.applicant_sexe()
        for widget in self.field_inputs():
            widget.agree_with(sexe)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        summary = self.query_one("#error-summary", Static)
        by_key: dict[str, str] = {}
        for e in errors:
            by_key.setdefault(e.key, e.message)
        for widget in self.field_inputs():
            widget.show_error(by_key.get(widget.key) or self._group_error(widget.key, by_key))
        self.show_other_errors(by_key)
        if not errors:
            summary.update("")
            summary.remove_class("-shown")
            return
        lines = [f"Le formulaire contient {len(errors)} erreur(s) à corriger :"]
        lines += [f"• {e.line()}" for e in errors]
        summary.update(Text("\n".join(lines)))
        summary.add_class("-shown")
        if not self.focus_first_error(errors):
            # An error of the whole form (a locked database…): the summary itself.
            reveal(summary)

    @staticmethod
    def _group_error(key: str, by_key: dict[str, str]) -> str | None:
        # Errors inside a multiple field (« nationalite[1] ») belong to the field itself.
        for k, message in by_key.items():
            if k.startswith(key + "["):
                return message
        return None

    def show_other_errors(self, by_key: dict[str, str]) -> None:
        """Errors of attestations and document slots: screens that have them override."""

    def focus_first_error(self, errors: Sequence[FieldError]) -> bool:
        """Focus the first field in error that can take the focus; False if none."""
        chain = self.focus_chain
        for error in errors:
            key = error.key.split("[")[0]
            for candidate in (key, key.replace(":", "-")):
                if not key:
                    continue
                matches = self.query(f"#{field_dom_id(candidate)}")
                if not matches:
                    continue
                container = matches.first()
                focusable = [w for w in chain
                             if w is container or container in w.ancestors_with_self]
                if focusable:
                    reveal(focusable[0])
                    return True
        return False
