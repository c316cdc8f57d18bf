"""The 2D code (QR) printed on confirmations.

ANEF prints a 2D-DOC, signed with a key certified by an ANTS-listed
authority. We cannot sign one, so our code must never look like one: it never
starts with ``DC`` (the 2D-DOC header) and is plain ASCII upper case, readable
by any QR reader at the counter to fetch the case.

Payload (version 1), eight fields separated by ``|`` (never present inside a
field, see ``ascii_upper``)::

    ANEFTUI1|TYPE|NUMDEMANDE|NUMETRANGER|NOM|PRENOMS|DATEDEPOT|FINVALIDITE

- ``ANEFTUI1``: fixed magic + format version.
- ``TYPE``: ``PD`` première demande, ``RN`` renouvellement, ``PRE`` pré-demande,
  ``API`` attestation de prolongation d'instruction.
- ``NUMDEMANDE``: the 19 digits of the N° de la demande.
- ``NUMETRANGER``: the N° étranger, empty for a pré-demande.
- ``NOM``: nom de naissance; ``PRENOMS``: prénoms separated by one space.
  Both in ASCII upper case: accents stripped (NFKD), letters that NFKD does not
  decompose mapped by a table (Ł → L, Ø → O, ß → SS, Æ → AE, Œ → OE, Đ → D…);
  anything else than A-Z, 0-9, space, ``-`` and ``'`` becomes a space.
- ``DATEDEPOT``: JJMMAAAA.
- ``FINVALIDITE``: JJMMAAAA end of the BPI attestation, empty otherwise.

Example: ``ANEFTUI1|API|5901202204260000120|7503136189|RECETTE METIER|TEST|26042022|25102022``
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from anef_tui.documents.model import ConfirmationData, DocumentKind

if TYPE_CHECKING:
    from fpdf import FPDF

MAGIC = "ANEFTUI1"
SEPARATOR = "|"
FIELD_COUNT = 8

TYPE_CODES: dict[DocumentKind, str] = {
    DocumentKind.PREMIERE_DEMANDE: "PD",
    DocumentKind.RENOUVELLEMENT: "RN",
    DocumentKind.PRE_DEMANDE: "PRE",
    DocumentKind.PROLONGATION_INSTRUCTION: "API",
}
_KINDS_BY_CODE = {code: kind for kind, code in TYPE_CODES.items()}

# Letters that are not "letter + combining accent", so NFKD leaves them alone.
_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "ẞ": "SS",
        "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Đ": "D", "đ": "d",
        "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h",
        "ı": "i", "Ŀ": "L", "ŀ": "l", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n",
        "ĸ": "K", "Ə": "E", "ə": "e", "ʼ": "'", "’": "'", "‘": "'",
    }
)  # fmt: skip
_NOT_ALLOWED = re.compile(r"[^A-Z0-9 '\-]+")
_SPACES = re.compile(r"\s+")
_DATE_FORMAT = "%d%m%Y"


def ascii_upper(text: str) -> str:
    """Plain ASCII upper case, as read by any scanner; never contains ``|``."""
    text = text.translate(_NO_DECOMPOSITION)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii").upper()
    text = _NOT_ALLOWED.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Code2DFields:
    """Decoded content of our 2D code (names already in ASCII upper case)."""

    kind: DocumentKind
    numero_demande: str
    numero_etranger: str
    nom: str
    prenoms: str
    date_depot: date
    fin_validite: date | None = None


def fields_for(data: ConfirmationData) -> Code2DFields:
    validite = data.validite
    return Code2DFields(
        kind=data.kind,
        numero_demande=data.references.numero_demande,
        numero_etranger=data.references.numero_etranger or "",
        nom=ascii_upper(data.identity.nom_naissance),
        prenoms=ascii_upper(data.identity.prenoms_text),
        date_depot=data.references.date_depot,
        fin_validite=validite[1] if validite else None,
    )


def build_payload(source: ConfirmationData | Code2DFields) -> str:
    """Text encoded in the QR code (format in the module docstring)."""
    fields = fields_for(source) if isinstance(source, ConfirmationData) else source
    parts = [
        MAGIC,
        TYPE_CODES[fields.kind],
        ascii_upper(fields.numero_demande).replace(" ", ""),
        ascii_upper(fields.numero_etranger).replace(" ", ""),
        ascii_upper(fields.nom),
        ascii_upper(fields.prenoms),
        fields.date_depot.strftime(_DATE_FORMAT),
        fields.fin_validite.strftime(_DATE_FORMAT) if fields.fin_validite else "",
    ]
    payload = SEPARATOR.join(parts)
    assert not payload.startswith("DC")  # guaranteed by MAGIC; the rule matters
    return payload


def _parse_date(text: str, field: str) -> date:
    try:
        return datetime.strptime(text, _DATE_FORMAT).date()
    except ValueError as exc:
        raise ValueError(f"code 2D : {field} invalide : {text!r}") from exc


def parse_payload(text: str) -> Code2DFields:
    """Inverse of ``build_payload``; raises ValueError on anything else."""
    parts = text.strip().split(SEPARATOR)
    if len(parts) != FIELD_COUNT or parts[0] != MAGIC:
        raise ValueError("code 2D : ce n'est pas un code anef-tui (ANEFTUI1)")
    _, code, numero_demande, numero_etranger, nom, prenoms, depot, fin = parts
    if code not in _KINDS_BY_CODE:
        raise ValueError(f"code 2D : type inconnu {code!r}")
    if not re.fullmatch(r"\d{19}", numero_demande):
        raise ValueError(f"code 2D : N° de la demande invalide {numero_demande!r}")
    return Code2DFields(
        kind=_KINDS_BY_CODE[code],
        numero_demande=numero_demande,
        numero_etranger=numero_etranger,
        nom=nom,
        prenoms=prenoms,
        date_depot=_parse_date(depot, "date de dépôt"),
        fin_validite=_parse_date(fin, "fin de validité") if fin else None,
    )


def draw_qr(pdf: FPDF, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector rectangles (sharp at any print resolution).

    Error level M and a 4-module quiet zone inside ``size`` so a worn print
    still scans.
    """
    import segno

    qr = segno.make_qr(payload, error="m", boost_error=False)
    matrix = [list(row) for row in qr.matrix]
    border = 4
    count = len(matrix) + 2 * border
    module = size / count
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        # Merge horizontal runs: fewer rectangles, no hairline gaps between modules.
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(
                x + (border + start) * module,
                y + (border + r) * module,
                (c - start) * module,
                module,
                style="F",
            )
