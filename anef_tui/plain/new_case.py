"""A new dossier: the profile route's questions (routes.yaml, as the profile screen asks
them), then the identity as on the titre, checked by the service and the case created."""

from __future__ import annotations

from typing import Any

from anef_tui.catalog.models import FieldDef, Procedure
from anef_tui.plain.console import Abandon, Back, CaseClosed, Console, Leave
from anef_tui.plain.questions import ask_field, stored_raw
from anef_tui.service import CaseService, FieldError


class NewCase:
    def __init__(self, service: CaseService, console: Console) -> None:
        self.service = service
        self.console = console

    def run(self) -> int | None:
        """The route's questions, then the identity; the new case's id, or None when
        the route leads back home (an outcome not prepared, « < » at the first question)."""
        c = self.console
        routes = self.service.routes
        labels: list[str] = []
        while True:
            walk = routes.follow(labels)
            if walk.unavailable is not None:
                c.heading(walk.unavailable.title)
                c.say(walk.unavailable.text)
                try:
                    buttons = self.service.wording.buttons
                    if c.choose("Que faire ?", [buttons.back_choice, buttons.home]) == 0:
                        labels.pop()
                        continue
                except Back:
                    labels.pop()
                    continue
                except (Leave, Abandon):
                    pass
                return None
            if walk.procedure is not None:
                procedure = self.service.procedure(walk.procedure)
                profile = {p.id: walk.profile[p.id] for p in procedure.profile}
                case_id = self.identity(procedure, profile)
                if case_id is None:
                    labels.pop()
                    continue
                return case_id
            node = walk.node
            assert node is not None
            c.heading(node.title)
            if node.progress_percent is not None:
                c.say(self.service.wording.progress.format(percent=node.progress_percent))
            if node.text:
                c.say(node.text)
            if walk.summary and any(o.back for o in node.options):
                for line in walk.summary:
                    c.say(f"- {line}")
            helps = " ".join(f"{o.label} : {o.help}" for o in node.options if o.help)
            try:
                i = c.choose(node.question or "Choisissez une réponse :",
                             [o.label for o in node.options], helps or None)
            except Back:
                if not labels:
                    return None
                labels.pop()
                continue
            except (Leave, Abandon):
                return None
            labels.append(node.options[i].label)

    def identity(self, procedure: Procedure, profile: dict[str, str]) -> int | None:
        """Ask the identity as on the titre and create the case; None on « < » at the
        first question."""
        service, c = self.service, self.console
        if procedure.applicant == "unknown":
            return service.create_case(procedure.id, profile, {}, None)
        c.heading(procedure.title)
        wording = service.wording
        c.say(wording.identity_notice.format(step=procedure.identity_step.title))
        fields = [wording.numero_etranger, *service.identity_fields(procedure, profile)]
        raw: dict[str, Any] = {f.id: stored_raw(f, None) for f in fields}

        def problems(key: str) -> list[FieldError]:
            _, _, errors = service.validate_identity(procedure, profile, raw,
                                                     raw.get("numero_etranger"))
            return [e for e in errors if e.key == key]

        def check_all() -> list[FieldError]:
            return service.validate_identity(procedure, profile, raw,
                                             raw.get("numero_etranger"))[2]

        try:
            if not self.ask_fields(fields, raw, problems, check_all):
                return None
        except (Leave, Abandon):
            c.say("Création du dossier annulée.")
            raise CaseClosed from None
        identity, numero, _ = service.validate_identity(procedure, profile, raw,
                                                        raw.get("numero_etranger"))
        case_id = service.create_case(procedure.id, profile, identity, numero)
        c.say("Dossier créé.")
        return case_id

    def ask_fields(self, fields: list[FieldDef], raw: dict[str, Any],
                   problems: Any, check_all: Any) -> bool:
        """Ask each field in turn, each checked as answered, then all together; False
        on « < » at the first one."""
        i = 0
        while i < len(fields):
            f = fields[i]
            try:
                raw[f.id] = ask_field(self.console, i + 1, f, raw.get(f.id))
            except Back:
                if i == 0:
                    return False
                i -= 1
                continue
            found = problems(f.id)
            for e in found:
                self.console.error(e.message)
            if not found:
                i += 1
        while errors := check_all():
            for e in errors:
                self.console.error(f"{e.label} : {e.message}")
            keys = {e.key for e in errors}
            for n, f in enumerate(fields, start=1):
                if f.id in keys:
                    raw[f.id] = ask_field(self.console, n, f, raw.get(f.id))
        return True
