"""Pydantic models of a téléprocédure definition (one YAML file in data/procedures/).

The definition is the only place a rule of a téléprocédure lives: the screens render it
and the domain core (anef_tui.casefile) evaluates it. Unknown keys are refused so that a
typo in a definition fails at load instead of being silently ignored.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from anef_tui.catalog.conditions import Condition
from anef_tui.catalog.field_kinds import FIELD_KINDS
from anef_tui.catalog.roles import FieldRole

Identifier = str  # snake_case ids; checked by the loader (ID_PATTERN)

# A field's `type` is one of the kinds of anef_tui.catalog.field_kinds (FIELD_KINDS).
FieldType = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Option(Strict):
    value: str
    label: str
    when: Condition | None = None


class DateRule(Strict):
    """Bounds of a date field. `not_future` refuses a date after today."""

    not_future: bool = False
    not_past: bool = False
    min_year: int | None = None
    after_field: str | None = None  # must not be before this other date field


class FieldDef(Strict):
    id: Identifier
    label: str
    type: FieldType
    required: bool = False
    help: str | None = None
    placeholder: str | None = None
    when: Condition | None = None
    options: list[Option] = Field(default_factory=list)
    multiple: bool = False  # several values (« + Ajouter une nationalité »)
    add_label: str | None = None
    # État civil of a known applicant: captured once as on the current titre, then shown
    # read-only (the guides' « Les informations d'état civil ne sont pas modifiables »).
    identity: bool = False
    # What the code reads this answer as (the confirmation prints it as the birth name…):
    # see anef_tui.catalog.roles. Only top-level fields carry one, each role once.
    role: FieldRole | None = None
    # Pre-filled answer the applicant may change: conjoint RF's situation familiale « indique
    # automatiquement « marié » » (guide 003). The loader checks it is a possible value.
    default: str | bool | None = None
    max_length: int | None = None
    # The récapitulatif's own words when they differ from the step's (000 asks « Avez-vous
    # des enfants en France ? » and sums it up under « ENFANTS » as « Avez-vous des enfants
    # à votre charge ? »): its label, and the heading that starts before it.
    recap_label: str | None = None
    recap_heading: str | None = None
    dates: DateRule | None = None
    min_value: float | None = None
    max_value: float | None = None
    # group only
    fields: list[FieldDef] = Field(default_factory=list)
    min_items: int = 0
    max_items: int = 20
    item_label: str | None = None

    @field_validator("type")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in FIELD_KINDS:
            raise ValueError(f"type de champ inconnu « {value} » (types possibles : "
                             f"{', '.join(FIELD_KINDS)})")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> FieldDef:
        if self.type == "choice" and not self.options:
            raise ValueError("un champ « choice » doit déclarer ses options")
        if self.type != "choice" and self.options:
            raise ValueError("seul un champ « choice » déclare des options")
        if self.type == "group" and not self.fields:
            raise ValueError("un champ « group » doit déclarer ses sous-champs (fields)")
        if self.type != "group" and self.fields:
            raise ValueError("seul un champ « group » déclare des sous-champs (fields)")
        if self.dates is not None and not FIELD_KINDS[self.type].dates:
            raise ValueError("« dates » ne s'applique qu'à un champ date ou partial_date")
        return self


class Text(Strict):
    """A paragraph shown in a section (motif text, notices), possibly conditional."""

    text: str
    when: Condition | None = None
    style: Literal["paragraph", "notice", "warning"] = "paragraph"


class Attestation(Strict):
    """A box « j'atteste sur l'honneur » that must be ticked to validate the step."""

    id: Identifier
    text: str
    when: Condition | None = None


class DocumentVariant(Strict):
    """A help text of a slot that depends on the case (hôtel, particulier…)."""

    help: str
    when: Condition | None = None


class DocumentSlot(Strict):
    id: Identifier
    label: str
    help: str | None = None
    variants: list[DocumentVariant] = Field(default_factory=list)
    required: bool = True
    when: Condition | None = None
    max_files: int | None = None  # None: the setting's default (3)
    category: str | None = None  # heading in the annex list (INFORMATIONS PERSONNELLES…)


class SectionAction(Strict):
    """A button of a section: 002's « Modifier ma situation » (back to a step) and
    « TÉLÉCHARGER LA LISTE DES PIÈCES JUSTIFICATIVES » (the case's piece list)."""

    label: str
    kind: Literal["go_to_step", "piece_list"]
    step: Identifier | None = None  # go_to_step only

    @model_validator(mode="after")
    def _coherent(self) -> SectionAction:
        if (self.kind == "go_to_step") != (self.step is not None):
            raise ValueError("« step » est requis pour go_to_step, et seulement pour lui")
        return self


class Section(Strict):
    id: Identifier
    title: str | None = None
    when: Condition | None = None
    texts: list[Text] = Field(default_factory=list)
    fields: list[FieldDef] = Field(default_factory=list)
    attestations_intro: str | None = None
    attestations: list[Attestation] = Field(default_factory=list)
    documents: list[DocumentSlot] = Field(default_factory=list)
    actions: list[SectionAction] = Field(default_factory=list)


class PieceListItem(Strict):
    """One document of the guide's ANNEXE « Liste des pièces justificatives », its words.

    `heading` is the annex's line above it (« SI VOUS ÊTES MINEUR (ENTRE 16 ET 18 ANS) »);
    `when` keeps it off a case's own list when it does not apply; `blank_only` prints it
    on the list printed in advance only (the annex lists it, no route of the definition
    asks it)."""

    label: str
    lines: list[str] = Field(default_factory=list)
    heading: str | None = None
    when: Condition | None = None
    blank_only: bool = False


class PieceListSection(Strict):
    title: str
    items: list[PieceListItem] = Field(min_length=1)


class RecapPart(Strict):
    title: str
    steps: list[Identifier] = Field(min_length=1)


class Recap(Strict):
    # The page's heading: « Je confirme le dépôt définitif de ma demande. » (001, 003, 004)
    # is a heading on the guides' dépôt page, not a box to tick.
    heading: str | None = None
    intro: str | None = None
    parts: list[RecapPart] = Field(default_factory=list)  # BPI: three parts to validate
    # Unless the definition says otherwise, the loader gives these the words every guide
    # shares (data/wording.yaml, « recap »).
    observations_label: str
    warning: str
    submit_label: str


class Eligibility(Strict):
    """A rule that stops the case with the guide's screen (ASE « Demandeur non éligible »)."""

    id: Identifier
    when: Condition  # when it holds, the applicant is NOT eligible
    title: str
    message: str


class Step(Strict):
    id: Identifier
    title: str
    summary: str  # one line on the préambule
    heading: str | None = None  # « Je vérifie et complète mes informations personnelles. »
    kind: Literal["form", "recap", "confirmation"] = "form"
    intro: str | None = None
    sections: list[Section] = Field(default_factory=list)
    eligibility: list[Eligibility] = Field(default_factory=list)
    recap: Recap | None = None
    progress_percent: int | None = None  # usager inconnu shows « à 20% terminée »

    @model_validator(mode="after")
    def _coherent(self) -> Step:
        if self.kind == "recap" and self.recap is None:
            raise ValueError("une étape « recap » déclare son bloc recap")
        if self.kind != "recap" and self.recap is not None:
            raise ValueError("seule une étape « recap » déclare un bloc recap")
        return self


class ProfileOption(Strict):
    value: str
    label: str


class ProfileParameter(Strict):
    """A choice made at profile selection that the definition's conditions can read."""

    id: Identifier
    label: str
    options: list[ProfileOption] = Field(min_length=1)


class Mention(Strict):
    """The mention printed on the BPI attestation, by its key: its wording lives once, in
    data/documents/prolongation_instruction.yaml (``mentions``)."""

    mention: Literal["protection_subsidiaire", "refugie"]
    when: Condition | None = None


class Confirmation(Strict):
    document: Literal[
        "premiere_demande", "renouvellement", "pre_demande", "prolongation_instruction"
    ]
    message: str = (
        "Votre demande a bien été enregistrée et vous allez recevoir un accusé de réception."
    )
    notes: list[str] = Field(default_factory=list)
    validity_months: int | None = None  # attestation de prolongation d'instruction
    mentions: list[Mention] = Field(default_factory=list)


def _placeholders_only(text: str, allowed: set[str], where: str) -> None:
    import string

    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValueError(f"{where} : accolades invalides") from exc
    unknown = names - allowed
    if unknown:
        raise ValueError(f"{where} : {{{', '.join(sorted(unknown))}}} inconnu ; permis : "
                         + ", ".join(f"{{{a}}}" for a in sorted(allowed)))


class Preamble(Strict):
    """The page before step 1, in the words of the téléprocédure's own guide (they differ:
    000 says « à l'étape Récapitulatif » and « Vous devrez joindre », 001/003/004 « à
    l'étape Dépôt de la demande » and « Vous devez joindre »)."""

    title: str  # « Demander un titre de séjour »
    subtitle: str | None = None  # « Votre démarche en ligne »
    intro: str
    purposes: list[str] = Field(default_factory=list)
    before_you_start: list[str] = Field(default_factory=list)  # paragraphs
    steps_heading: str  # « DÉPOSEZ VOTRE DEMANDE EN {count} ÉTAPES »
    saved_notice: str
    bring_title: str | None = None  # « Vous devez joindre : »
    bring: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> Preamble:
        _placeholders_only(self.steps_heading, {"count"}, "steps_heading")
        if self.bring and not self.bring_title:
            raise ValueError("bring_title : le titre de la liste « bring » est requis")
        return self


class StepButtons(Strict):
    """The buttons every guide shows under a step, in the guides' words."""

    previous: str  # « Revenir à l'étape précédente »
    abandon: str  # « Abandonner la demande »
    leave: str  # « Quitter et revenir plus tard »
    save: str  # « Enregistrer et poursuivre »
    start: str  # « Je continue » (préambule)
    attach: str  # « Joindre un document »
    edit: str  # « Modifier ma saisie » (récapitulatif, « Demandeur non éligible »)
    home: str  # « Retour à l'accueil » (confirmation, profile, piece list)
    back_choice: str  # « Revenir au choix précédent » (a route's outcome not prepared here)


class RecapWording(Strict):
    """The récapitulatif's words shared by the guides; a definition's `recap` may say its
    own `observations_label`, `warning` and `submit_label`."""

    observations_label: str  # « Observations à destination de l'administration »
    warning: str  # « Après le dépôt de votre demande vous ne pourrez plus la modifier. »
    submit_label: str  # « Déposer la demande »
    validate_next: str  # « Valider et vérifier la suite de ma saisie »
    validate_last: str  # « Valider »


class EphotoWording(Strict):
    """The buttons of an e-photo field (guides 000, 003, 004)."""

    confirm: str  # « Confirmer le numéro ephoto »
    delete: str  # « Supprimer »
    confirmed: str  # « Numéro ephoto confirmé : {number} »

    @model_validator(mode="after")
    def _placeholders(self) -> EphotoWording:
        _placeholders_only(self.confirmed, {"number"}, "ephoto.confirmed")
        return self


class ControlHelp(Strict):
    """F1 on a control that is no field of a definition: what it is, what Entrée does."""

    label: str = ""  # empty: the control's own label (a button's words)
    text: str


class ControlKinds(Strict):
    """F1's words for each kind of control, after what `controls` says of this one."""

    button: ControlHelp
    table: ControlHelp
    list: ControlHelp
    select: ControlHelp
    checkbox: ControlHelp
    radio: ControlHelp
    input: ControlHelp
    text_area: ControlHelp


class HelpWording(Strict):
    """data/wording.yaml « help »: what F1 says besides a field's own `help`."""

    no_help: str  # a field whose definition has no help
    format: str  # « Format attendu : {hint} »
    row: str  # the line of a list under the cursor: {row}, {rows}, {cells}
    group: str  # a repeated group's list (the children)
    slot: str  # a slot of documents: {max_files}, {attach}
    kinds: ControlKinds
    # By the control's id, a trailing « -N » (the Nth piece) left out.
    controls: dict[str, ControlHelp]

    @model_validator(mode="after")
    def _placeholders(self) -> HelpWording:
        _placeholders_only(self.format, {"hint"}, "help.format")
        _placeholders_only(self.row, {"row", "rows", "cells"}, "help.row")
        _placeholders_only(self.slot, {"max_files", "attach"}, "help.slot")
        for name in ControlKinds.model_fields:
            kind: ControlHelp = getattr(self.kinds, name)
            _placeholders_only(kind.label, {"label"}, f"help.kinds.{name}.label")
            _placeholders_only(kind.text, {"label"}, f"help.kinds.{name}.text")
        for key, control in self.controls.items():
            _placeholders_only(control.label, set(), f"help.controls.{key}.label")
            _placeholders_only(control.text, set(), f"help.controls.{key}.text")
        return self


class ListColumns(Strict):
    """The columns of the lists of dossiers (the home, the instruction queue)."""

    nom: str
    prenoms: str
    statut: str
    a_faire: str
    a_suivre: str
    numero_etranger: str
    etape: str  # before « N° de la demande »: a draft's step or a deposit's number
    procedure: str
    dossier: str
    mis_a_jour: str


class ListWords(Strict):
    """data/wording.yaml « lists »: columns, and the home's filters by status (keyed by
    the status code, « tous » for all) and of what needs action (the first two entries;
    each code's words are notifications.yaml attention.*.filter)."""

    columns: ListColumns
    statuses: dict[str, str]
    all_cases: str
    any_attention: str
    search: str  # the search line's placeholder


class ScreenWording(Strict):
    """data/wording.yaml: what the screens say in the same words for every téléprocédure."""

    progress: str  # « Votre démarche en ligne est à {percent}% terminée »
    step_place: str  # « Étape {number} sur {count} : {title} »
    identity_notice: str  # names the step where the identity shows: {step}
    numero_etranger: FieldDef
    deposit_sent: str  # « Demande envoyée : le {date} à {time} »
    buttons: StepButtons
    required_notice: str  # « Les champs marqués d'un * sont obligatoires. »
    optional_mark: str  # « (facultatif) », after the label of what may be left empty
    recap: RecapWording
    # The columns of lists of dossiers of several téléprocédures (one dossier's own
    # screens take its confirmation's words: CaseService.reference_labels).
    numero_demande: str  # « N° de la demande »
    lists: ListWords
    piece_list: str  # « Liste des pièces justificatives » (the guides' annex 1)
    confirmation_pdf: str  # « Confirmation de dépôt de demande (PDF) »
    ephoto: EphotoWording
    help: HelpWording

    @model_validator(mode="after")
    def _placeholders(self) -> ScreenWording:
        _placeholders_only(self.progress, {"percent"}, "progress")
        _placeholders_only(self.step_place, {"number", "count", "title"}, "step_place")
        _placeholders_only(self.identity_notice, {"step"}, "identity_notice")
        _placeholders_only(self.deposit_sent, {"date", "time"}, "deposit_sent")
        return self


class IdentityRule(Strict):
    """A rule on the applicant's identity (age for the route chosen…), checked with it.

    When `when` holds, the identity is refused with `message` next to `field`.
    """

    field: str
    when: Condition
    message: str


class DerivedFact(Strict):
    """A fact computed from the answers, e.g. the age at the date of prise en charge."""

    id: Identifier
    age_at: str  # a date field: the applicant's age in whole years on that date…
    # …shifted by this many days: -1 gives the age on the eve, so that « after the 16th
    # birthday » is « age on the eve ≥ 16 » and the birthday itself is not « after ».
    offset_days: int = 0


class ComplementRule(Strict):
    """How long the applicant has to answer a « Demande de complément », and how.

    `counted_from: lecture`: from the moment the notification is opened (guides 000, 001,
    003, 004: « dans un délai de 30 jours après avoir pris connaissance de ce message »);
    `reception`: from its sending (002: « dès réception de ce message … 15 jours »).
    `answer: notification`: « Maintenir / Mettre à jour le Document » then « Valider et
    envoyer »; `reprise`: « Reprendre ma demande » back to « Justificatifs » then
    « Déposer les compléments » (pré-demande).
    """

    days: int = Field(default=30, ge=1)
    counted_from: Literal["lecture", "reception"] = "lecture"
    answer: Literal["notification", "reprise"] = "notification"


class MonthsRule(Strict):
    months: int = Field(ge=1)


class DecisionRule(Strict):
    """What the agent offers by default on the « Notification de décision »."""

    titre: str = "carte_sejour_temporaire"  # a key of notifications.yaml titres
    mention: str = "Vie privée et familiale"
    validity_months: int = Field(default=12, ge=1)
    tax_euros: int = Field(default=225, ge=0)


class Instruction(Strict):
    """The instruction of a deposited case: deadlines and what the agent may notify.

    `prolongation` (renewals): validity of the attestation de prolongation d'instruction;
    `certificat_medical` (étranger malade): time to send the certificat to the OFII,
    counted from its reading (« à compter de la date de retrait »). None: not offered.
    """

    complement: ComplementRule = Field(default_factory=ComplementRule)
    prolongation: MonthsRule | None = None
    certificat_medical: MonthsRule | None = None
    decision: DecisionRule = Field(default_factory=DecisionRule)


class Procedure(Strict):
    id: Identifier
    title: str
    short_title: str
    kind: Literal["premiere_demande", "renouvellement", "pre_demande"]
    guide: str  # the seed file it follows, for reviewers
    applicant: Literal["known", "unknown"]  # with a n° étranger / usager inconnu
    profile: list[ProfileParameter] = Field(default_factory=list)
    preamble: Preamble | None = None  # 002 has none: its step 1 comes straight after the entry
    steps: list[Step] = Field(min_length=2)
    confirmation: Confirmation
    piece_list_title: str
    # The ministry as the guide's documents print it (« MINISTÈRE / DE L'INTÉRIEUR / ET DES
    # OUTRE-MER »); None: data/documents/common.yaml's.
    ministry_lines: list[str] | None = None
    # The annex itself (items and wording); without it the list is made from the slots.
    piece_list: list[PieceListSection] = Field(default_factory=list)
    derived_facts: list[DerivedFact] = Field(default_factory=list)
    identity_rules: list[IdentityRule] = Field(default_factory=list)

    @cached_property
    def _roles(self) -> dict[str, str]:
        return {f.role: f.id for step in self.steps for section in step.sections
                for f in section.fields if f.role is not None}

    def role_ids(self) -> dict[str, str]:
        """The id of the field playing each role (top-level fields only)."""
        return dict(self._roles)

    def role_id(self, role: str) -> str | None:
        """The id of the field playing `role` (see anef_tui.catalog.roles), or None."""
        return self._roles.get(role)

    @property
    def birth_date_field(self) -> str | None:
        """The applicant's birth date, which the age, « mineur » and « majeur » of the
        conditions are computed from: the field playing the role « date_naissance »
        (check-data requires one)."""
        return self.role_id("date_naissance")
    instruction: Instruction = Field(default_factory=Instruction)

    # -- steps: the one place that finds a step, its number, its neighbours ----------

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def step_number(self, step_id: str) -> int:
        """1 for the first step, as the « Étape n/N » line counts."""
        return [s.id for s in self.steps].index(step_id) + 1

    def next_step(self, step_id: str) -> Step:
        i = self.step_number(step_id) - 1
        return self.steps[min(i + 1, len(self.steps) - 1)]

    def previous_step(self, step_id: str) -> Step | None:
        i = self.step_number(step_id) - 1
        return self.steps[i - 1] if i > 0 else None

    def _step_of_kind(self, kind: str) -> Step:
        for s in self.steps:
            if s.kind == kind:
                return s
        raise KeyError(kind)

    @property
    def recap_step(self) -> Step:
        return self._step_of_kind("recap")

    @property
    def confirmation_step(self) -> Step:
        return self._step_of_kind("confirmation")

    @property
    def identity_step(self) -> Step:
        """The step where the identity captured at creation shows (read-only)."""
        for s in self.steps:
            if any(f.identity for sec in s.sections for f in sec.fields):
                return s
        return self.steps[0]
