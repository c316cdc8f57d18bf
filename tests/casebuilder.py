"""Real cases built through CaseService, as the counter would fill them in.

Every step goes through `check_step` with raw inputs typed as at the counter (dates
JJ/MM/AAAA, phones with spaces, countries by name), files are real PDFs and JPEGs copied
into the case's store by `attach`. Used by the domain tests and by
scripts/render_samples.py (demo cases). The service must run on `counter_day.CLOCK`: the
minors' birth dates are counted back from its day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_day import TODAY
from filefactory import image_bytes, pdf_bytes, write

from anef_tui.service import CaseService
from anef_tui.storage.repository import CaseRecord, StoredAttachment

# Names with letters of several Latin scripts: they must print and store untouched.
NOM = "Nguyễn"
PRENOMS = "Łukasz Ğüler"
NUMERO_ETRANGER = "7503136189"
EPHOTO = "1234 5678 9012 3456 7890 12"


def years_ago(years: int, today: date = TODAY, days: int = 40) -> str:
    """A birth date (JJ/MM/AAAA) `years` whole years and some days before the counter's day."""
    born = date(today.year - years, today.month, min(today.day, 28))
    born = date.fromordinal(born.toordinal() - days)
    return f"{born:%d/%m/%Y}"


@dataclass
class CaseSpec:
    """What the counter assistant types for one case, step by step."""

    procedure_id: str
    profile: dict[str, str]
    identity: dict[str, Any] = field(default_factory=dict)  # known applicants only
    numero_etranger: str | None = None
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    # slot id → file names to attach (.pdf: 2-page PDF, .jpg: JPEG photo of a page)
    files: dict[str, list[str]] = field(default_factory=dict)
    observations: str | None = None


def _identity(birth: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "nom_naissance": NOM,
        "nom_usage": "",
        "prenoms": PRENOMS,
        "sexe": "M",
        "date_naissance": birth,
        "pays_naissance": "Afghanistan",
        "lieu_naissance": "Kaboul",
        "nationalite": "afghane",
    }
    values.update(extra)
    return values


ADDRESS = {
    "adresse": "20 rue Nationale",
    "complement_adresse": "Bâtiment C, escalier 4",
    "code_postal": "59000",
    "ville": "Lille",
    "pays_residence": "France",
    "code_insee": "59350",
    "email": "lukasz.nguyen@example.org",
    "telephone": "06 12 34 56 78",
}


def bpi(protection: str = "subsidiaire", situation: str = "celibataire") -> CaseSpec:
    union = {"date_union": "12/07/2015", "pays_union": "Afghanistan"} if situation in (
        "marie", "pacse") else {}
    return CaseSpec(
        "bpi_renouvellement",
        {"protection": protection, "pour": "moi_meme"},
        identity=_identity("05/04/1982"),
        numero_etranger=NUMERO_ETRANGER,
        steps={
            "informations_personnelles": {
                "en_couple": situation in ("marie", "pacse"),
                **({"nationalite_conjoint": "autre"} if situation in ("marie", "pacse") else {}),
                "enfants_en_france": False,
                "situation_familiale": situation,
                **union,
                **ADDRESS,
            },
            "motif_sejour": {},
            "justificatifs": {"ephoto": EPHOTO},
        },
        files={"justificatif_domicile": ["facture_électricité_mars.pdf", "quittance.jpg"]},
        observations="Le prénom figurant sur le passeport est « Łukasz ».",
    )


def ase(age: int = 17, emancipe: bool = False) -> CaseSpec:
    birth = years_ago(age)
    born = datetime.strptime(birth, "%d/%m/%Y").date()
    prise = f"{date(born.year + 14, born.month, born.day):%d/%m/%Y}"
    minor = age < 18
    files = {
        "justificatif_nationalite": ["passeport.pdf"],
        "justificatif_identite": ["acte_naissance.jpg"],
        "justificatif_domicile": ["attestation_foyer.pdf"],
        "decision_placement_ase": ["ordonnance_placement.pdf"],
        "activite_professionnelle": ["contrat_apprentissage.pdf"],
        "liens_famille_pays_origine": ["acte_deces_parents.pdf"],
    }
    if minor and emancipe:
        files["justificatif_emancipation"] = ["decision_juge_tutelles.pdf"]
    elif minor:
        files["accord_representant_legal"] = ["accord_ase.pdf"]
    return CaseSpec(
        "ase_premiere_demande", {},
        identity=_identity(birth, nationalite="guinéenne", pays_naissance="Guinée",
                           lieu_naissance="Conakry"),
        numero_etranger="5903007192",
        steps={
            "informations_personnelles": {
                **({"mineur_emancipe": emancipe} if minor else {}), **ADDRESS},
            "motif_sejour": {
                "date_prise_en_charge": prise,
                "date_entree_france": prise,
                "situation_familiale": "celibataire",
                "enfants_a_charge": False,
            },
            "justificatifs": {"ephoto": EPHOTO},
        },
        files=files,
    )


def ordonnance() -> CaseSpec:
    return CaseSpec(
        "ordonnance_protection", {},
        steps={
            "votre_situation": {"situation": "autre_situation",
                                "autre_situation": "ordonnance_protection"},
            "informations_personnelles": {
                "nom_naissance": NOM,
                "prenoms": PRENOMS.split(),
                "sexe": "F",
                "date_naissance": "1996",
                "pays_naissance": "Sénégal",
                "lieu_naissance": "Dakar",
                "nationalite": ["sénégalaise", "française"],
                **ADDRESS,
            },
            "motif_sejour": {
                "date_entree_france": "14/09/2019",
                "situation_familiale": "divorce",
                "enfants_a_charge": False,
            },
            "justificatifs": {"ephoto": EPHOTO},
        },
        files={
            "justificatif_nationalite": ["passeport.jpg"],
            "justificatif_identite": ["acte_naissance.pdf"],
            "justificatif_domicile": ["attestation_hotelier.pdf"],
            "ordonnance_protection": ["ordonnance_jaf.pdf"],
        },
    )


CHILD = {
    "nom_naissance": "Nguyễn",
    "prenoms": ["Ayşe"],
    "sexe": "F",
    "date_naissance": "03/02/2017",
    "nationalites": ["afghane"],
    "residence": "france",
}


def conjoint_rf(decede: bool = False) -> CaseSpec:
    return CaseSpec(
        "conjoint_rf_renouvellement", {},
        identity=_identity("21/11/1990", nationalite="algérienne", pays_naissance="Algérie",
                           lieu_naissance="Oran", sexe="F"),
        numero_etranger="5903007229",
        steps={
            "informations_personnelles": dict(ADDRESS),
            "motif_sejour": {
                "accueillant_nom": "Benali",
                "accueillant_prenoms": ["Karim", "Élias"],
                "accueillant_date_naissance": "02/03/1985",
                "accueillant_numero_etranger": "7502011234",
                "accueillant_decede": decede,
                "situation_familiale": "veuf" if decede else "marie",
                "date_union": "12/07/2015",
                "pays_union": "Algérie",
                "enfants_a_charge": True,
                "enfants": [CHILD],
                "enfants_charge_conjoint": False,
            },
            "justificatifs": {"ephoto": EPHOTO},
        },
        files={
            "justificatif_domicile": ["bail.pdf"],
            "justificatif_mariage": ["acte_mariage.pdf"],
            "justificatif_communaute_vie": ["declaration_commune.jpg"],
        },
    )


def etranger_malade() -> CaseSpec:
    files = {
        "justificatif_domicile": ["facture_eau.pdf"],
        "justificatif_residence_habituelle": ["recepisse.pdf", "releve_bancaire.jpg"],
    }
    return CaseSpec(
        "etranger_malade_renouvellement", {},
        identity=_identity("03/10/2000", nationalite="mexicaine", pays_naissance="Mexique",
                           lieu_naissance="Mexico"),
        numero_etranger="5903007230",
        steps={
            "informations_personnelles": dict(ADDRESS),
            "motif_sejour": {"situation_familiale": "celibataire", "enfants_a_charge": False},
            "justificatifs": {"ephoto": EPHOTO},
        },
        files=files,
    )


DEMO_SPECS = {
    "bpi_renouvellement": bpi,
    "ase_premiere_demande": ase,
    "ordonnance_protection": ordonnance,
    "conjoint_rf_renouvellement": conjoint_rf,
    "etranger_malade_renouvellement": etranger_malade,
}


def make_file(folder: Path, name: str) -> Path:
    if name.endswith(".png"):
        data = image_bytes("png", (120, 160))
    else:
        data = image_bytes("jpeg", (120, 160)) if name.endswith(".jpg") else pdf_bytes(pages=2)
    return write(folder / name, data)


def create(service: CaseService, spec: CaseSpec) -> int:
    procedure = service.procedure(spec.procedure_id)
    identity: dict[str, Any] = {}
    numero = None
    if procedure.applicant == "known":
        identity, numero, errors = service.validate_identity(
            procedure, spec.profile, spec.identity, spec.numero_etranger)
        assert not errors, errors
    return service.create_case(spec.procedure_id, spec.profile, identity, numero)


def attach_all(service: CaseService, case_id: int, spec: CaseSpec, step_id: str,
               scans: Path, pending: list[StoredAttachment]) -> list[StoredAttachment]:
    """Attach the spec's files for the slots of this step."""
    procedure = service.procedure(spec.procedure_id)
    step = next(s for s in procedure.steps if s.id == step_id)
    slots = {d.id: d for sec in step.sections for d in sec.documents}
    out = list(pending)
    for slot_id, names in spec.files.items():
        if slot_id not in slots:
            continue
        for name in names:
            source = make_file(scans / slot_id, name)
            out.append(service.attach(case_id, slot_id, slots[slot_id].label,
                                      slots[slot_id].max_files or 3, source, out))
    return out


def fill_step(service: CaseService, record: CaseRecord, step_id: str, spec: CaseSpec,
              scans: Path, *, raw: Mapping[str, Any] | None = None) -> CaseRecord:
    """Validate and save one step as the counter does; fails loudly on any error."""
    state = service.state(record)
    step = state.step(step_id)
    ticks = {a.id: True for sec in step.sections for a in sec.attestations}
    files = attach_all(service, record.id, spec, step_id, scans, [])
    outcome, ineligible = service.check_step(
        record, step, spec.steps.get(step_id, {}) if raw is None else raw, ticks, files)
    assert outcome.ok, outcome.errors
    assert ineligible is None, ineligible
    return service.save_step(record, step, outcome, files, state.next_step(step_id).id)


def build(service: CaseService, spec: CaseSpec, scans: Path, *,
          deposit: bool = True, when: datetime | None = None) -> CaseRecord:
    """Create the case, fill every form step, and deposit it (unless told not to)."""
    case_id = create(service, spec)
    record = service.get(case_id)
    for step in service.procedure(spec.procedure_id).steps:
        if step.kind == "form":
            record = fill_step(service, record, step.id, spec, scans)
    if deposit:
        service.deposit(case_id, spec.observations, when=when)
    return service.get(case_id)
