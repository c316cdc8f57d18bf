"""The « Liste des pièces justificatives » PDFs against the guides' annexes.

Each table below is copied by hand from the guide's ANNEXE « LISTE DES PIÈCES
JUSTIFICATIVES DEMANDÉES »: its headings, labels and lines in the annex's order. The
printed list must hold them in that order, each item once (the annex's own page breaks
repeat nothing here), and nothing of the step screens' wording that the annex does not use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from anef_tui.catalog.loader import load_catalog
from anef_tui.official_documents import write_piece_list

DOMICILE_001_004 = [
    "DOMICILE",
    "Justificatif de domicile datant de moins de 6 mois :",
    "Veuillez joindre un des justificatifs de domicile suivant :",
    "Facture d'électricité, gaz, eau, internet, fixe ou mobile ;",
    "ou copie du bail de location ;",
    "ou copie d'une quittance de loyer ou de taxe d'habitation.",
    "Si hébergement à l'hôtel :",
    "Veuillez joindre les justificatifs de domicile suivants :",
    "Une attestation de l'hôtelier ;",
    "Une copie de la facture du dernier mois.",
    "Si hébergement chez un particulier :",
    "Attestation de l'hébergeant datée et signée,",
    "copie de sa Carte Nationale d'Identité ou de sa carte de séjour,",
    "justificatif de domicile de l'hébergeant si l'adresse inscrite sur sa carte d'identité "
    "ou sa carte de séjour n'est plus à jour.",
]
NATIONALITE = [
    "Justificatif de nationalité",
    "Veuillez joindre un des justificatifs suivants :",
    "Passeport ;", "ou attestation consulaire ;", "ou carte d'identité ;", "ou carte consulaire.",
]
PHOTO = [
    "Photographie d'identité récente - Numéro EPhoto",
    "Si vous disposez d'une photo et d'une signature numériques, veuillez renseigner le numéro "
    "ephoto figurant sur votre planche de photos d'identité.",
]

ANNEXES: dict[str, list[str]] = {
    "bpi_renouvellement": [
        "DEMANDE DE TITRE DE SÉJOUR BÉNÉFICIAIRE DE LA PROTECTION INTERNATIONALE",
        "Liste des documents justificatifs à fournir",
        "INFORMATIONS PERSONNELLES", *PHOTO,
        "Si vous êtes un mineur émancipé", "Veuillez joindre un des justificatifs suivant :",
        "Décision du juge des tutelles", "Acte de mariage",
        "DOMICILE", "Justificatif de domicile datant de moins de 6 mois :",
        "Veuillez joindre un des justificatifs de domicile suivant :",
        "Une facture d'électricité, gaz, eau, internet, fixe ou mobile ;",
        "Si hébergement à l'hôtel :", "Veuillez joindre les justificatifs de domicile suivant :",
        "Une attestation de l'hôtelier ;", "Si hébergement chez un particulier :",
        "Une attestation de l'hébergeant datée et signée,",
    ],
    "ase_premiere_demande": [
        "DEMANDE DE TITRE DE SÉJOUR VIE PRIVÉE ET FAMILIALE - ÉTRANGER CONFIE(E) À L'AIDE "
        "SOCIALE À L'ENFANCE (ASE)",
        "INFORMATIONS PERSONNELLES", *NATIONALITE, *PHOTO, *DOMICILE_001_004,
        "MOTIF DE SÉJOUR",
        "Décision de placement par l'autorité judiciaire au service de l'Aide Sociale à "
        "l'Enfance (ASE)",
        "Justifiant que l'enfant est confié au service de l'aide sociale à l'enfance.",
        "Justificatifs d'activité professionnelle",
        "Nature des liens avec la famille restée dans le pays d'origine",
        "Insertion dans la société française",
        "Veuillez joindre une attestation de la structure d'accueil (foyer ou famille d'accueil)",
    ],
    "ordonnance_protection": [
        "PRÉ-DEMANDE DE TITRE DE SÉJOUR VIE PRIVÉE ET FAMILIALE - BÉNÉFICIAIRE D'UNE "
        "ORDONNANCE DE PROTECTION",
        "INFORMATIONS PERSONNELLES", *NATIONALITE, *PHOTO,
        "Justificatif d'identité", "Veuillez joindre le justificatif suivant :",
        "SI VOUS ÊTES MINEUR (ENTRE 16 ET 18 ANS)", "Justificatif de représentation légale",
        "Passeport ou carte d'identité de la personne représentante",
        "Si parents mariés :", "Extrait d'acte de mariage",
        "Si parents divorcés :", "Jugement de divorce",
        "Si parents non mariés, pacsés ou concubins - reconnaissance avant l'âge d'un an de "
        "l'enfant :",
        "Acte de naissance mentionnant la reconnaissance",
        "Si parents séparés :", "Ordonnance de séparation",
        "Si l'autorité parentale est exercée par un tiers ou mandataire :",
        "Mandat de représentation du mineur",
        "SI VOUS ÊTES MINEUR ET ÉMANCIPÉ (ENTRE 16 ET 18 ANS)", "Justificatif d'émancipation",
        "Un acte de mariage",
        *DOMICILE_001_004,
        "MOTIF DE SÉJOUR", "Ordonnance de protection",
        "Ordonnance de protection rendue par le juge aux affaires familiales",
        "Jugement portant condamnation (facultatif)",
    ],
    "conjoint_rf_renouvellement": [
        "DEMANDE DE TITRE DE SÉJOUR VIE PRIVÉE ET FAMILIALE EN TANT QUE CONJOINT AU TITRE DU "
        "REGROUPEMENT FAMILIAL",
        "INFORMATIONS PERSONNELLES", "Justificatif de nationalité",
        "Vous devez joindre un des justificatifs suivants :", "ou carte consulaire.", *PHOTO,
        "Justificatif d'entrée régulière",
        "Copie des pages de votre passeport comportant le visa + cachet d'entrée ;",
        "DOMICILE", "Justificatif de domicile datant de moins de 6 mois :",
        "Facture d'électricité, gaz, eau, Internet, fixe ou mobile ;",
        "Si hébergement à l'hôtel :", "Si hébergement chez un particulier :",
        "MOTIF DE SÉJOUR", "Justificatif de communauté de vie",
        "Déclaration commune sur l'honneur du couple attestant de votre vie commune",
        "ou en cas de violences conjugales subies",
        "Justificatif de mariage", "Veuillez joindre la copie intégrale de l'acte de mariage.",
    ],
    "etranger_malade_renouvellement": [
        "DEMANDE DE TITRE DE SÉJOUR VIE PRIVÉE ET FAMILIALE - ÉTRANGER MALADE",
        "INFORMATIONS PERSONNELLES", *PHOTO, *NATIONALITE,
        "SI VOUS ÊTES TITULAIRE D'UN NUMÉRO ÉTRANGER SANS TITRE DE SÉJOUR",
        "Justificatif d'identité", "Justificatif d'entrée régulière",
        *DOMICILE_001_004,
        "MOTIF DE SÉJOUR", "Justificatif de résidence habituelle",
        "Veuillez fournir tout document permettant d'apprécier la durée de votre résidence "
        "habituelle en France depuis au moins 1 an :",
        "Visa", "Récépissé de demande de titre de séjour", "Récépissé de demande d'asile",
        "Écrits personnels incontestables (courriers, attestations de proches)",
    ],
}

# Once each: the items, and the lines the old lists printed several times.
ONCE = ["Si hébergement à l'hôtel :", "Si hébergement chez un particulier :",
        "Justificatif de représentation légale", "Photographie d'identité récente",
        "Justificatif de domicile datant de moins de 6 mois"]
# Step-screen wording the annexes do not use.
NOT_IN_ANNEX = ["ou certificat de nationalité de moins de 6 mois", "Obligatoire",
                "Selon votre situation"]


def words_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.mark.parametrize("procedure_id", list(ANNEXES))
def test_printed_list_is_the_annex(procedure_id: str, tmp_path: Path) -> None:
    procedure = load_catalog()[procedure_id]
    words = words_of(write_piece_list(procedure, tmp_path))
    at = 0
    for line in ANNEXES[procedure_id]:
        found = words.find(" ".join(line.split()), at)
        assert found >= 0, f"absent ou hors de l'ordre de l'annexe : « {line} »"
        at = found + 1
    for line in ONCE:
        assert words.count(line) <= 1, f"répété : « {line} »"
    for line in NOT_IN_ANNEX:
        assert line not in words, line
    # Header as the guide's documents print it.
    outre_mer = "ET DES OUTRE-MER" in words
    assert outre_mer == (procedure_id != "bpi_renouvellement")
