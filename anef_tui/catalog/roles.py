"""Provides the roles of fields: what the code reads from a definition's answers.

The printed documents and the storage read a few answers whatever the téléprocédure:
the applicant's name, birth date, address… A definition says which of its fields plays
each role (`role: code_postal`); the code reads by role, never by a field id, and
check-data refuses a definition that lacks a role its documents print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldRole = Literal[
    "nom_naissance", "nom_usage", "prenoms", "sexe", "date_naissance", "lieu_naissance",
    "pays_naissance", "nationalite", "adresse", "numero_voie", "voie", "complement_adresse",
    "code_postal", "ville", "pays_residence", "telephone", "email", "date_entree",
]


@dataclass(frozen=True)
class RoleSpec:
    label: str  # for check-data's messages
    types: frozenset[str]  # the field types that can play it


def _spec(label: str, *types: str) -> RoleSpec:
    return RoleSpec(label, frozenset(types))


ROLES: dict[str, RoleSpec] = {
    "nom_naissance": _spec("nom de naissance", "name"),
    "nom_usage": _spec("nom d'usage", "name"),
    "prenoms": _spec("prénom(s)", "name"),
    "sexe": _spec("sexe", "choice"),
    "date_naissance": _spec("date de naissance", "date", "partial_date"),
    "lieu_naissance": _spec("lieu de naissance", "text", "name"),
    "pays_naissance": _spec("pays de naissance", "country"),
    "nationalite": _spec("nationalité", "nationality"),
    "adresse": _spec("adresse", "text"),
    "numero_voie": _spec("numéro de voie", "text"),
    "voie": _spec("voie", "text"),
    "complement_adresse": _spec("complément d'adresse", "text"),
    "code_postal": _spec("code postal", "postal_code"),
    "ville": _spec("ville", "text", "name"),
    "pays_residence": _spec("pays de résidence", "country"),
    "telephone": _spec("téléphone", "phone"),
    "email": _spec("e-mail", "email"),
    "date_entree": _spec("date d'entrée en France", "date", "partial_date"),
}

# Every confirmation prints the identity block (anef_tui.documents.confirmation): name,
# first names, birth date and place, nationality, address; the case summary adds the
# sex. The optional roles (nom d'usage, complément…) are printed when a definition has them.
IDENTITY_BLOCK = frozenset({
    "nom_naissance", "prenoms", "sexe", "date_naissance", "lieu_naissance",
    "pays_naissance", "nationalite", "adresse", "code_postal", "ville",
})
PRINTED_ROLES: dict[str, frozenset[str]] = {
    document: IDENTITY_BLOCK
    for document in ("premiere_demande", "renouvellement", "pre_demande",
                     "prolongation_instruction")
}
# The applicants table keeps these columns, to list and find cases (storage.repository);
# the age, « mineur » and « majeur » of the conditions are computed from the birth date
# (anef_tui.casefile).
STORED_ROLES = frozenset({"nom_naissance", "prenoms", "date_naissance"})
# The blank certificat médical given to an étranger malade (instruction_documents) prints
# the identity block and how to reach the applicant; the date of entry when there is one.
CERTIFICAT_ROLES = IDENTITY_BLOCK | {"telephone", "email"}


def required_roles(document: str, *, certificat_medical: bool = False) -> frozenset[str]:
    """The roles a definition needs for its confirmation `document`, the storage and, if
    its instruction offers it, the certificat médical."""
    roles = PRINTED_ROLES.get(document, IDENTITY_BLOCK) | STORED_ROLES
    return roles | CERTIFICAT_ROLES if certificat_medical else roles
