"""Finding a case among many (issue 10): search terms, and the listing's indexes.

- case_search_terms (case_id, term): the folded words each case is found by (names,
  names joined, N° étranger, N° de demande, « #dossier »), kept on every write that
  changes them; the primary key answers « has this case a term starting with… », the
  (term, case_id) index « which cases have one ». On PostgreSQL the term is compared in
  the C collation so that a prefix is one B-tree range.
- (updated_at, id), (status, updated_at, id), (attention, updated_at, id) on cases: the
  home screen's pages, most recent first, with or without a filter; (attention,
  attention_until): what needs action first.

Existing cases are indexed here, with anef_tui.search_terms as it is at this release
(the folding is the definition of a term; a later change of it ships its own
re-indexing revision).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_search_terms",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("term", sa.String(40).with_variant(sa.String(40, collation="C"),
                                                     "postgresql"), primary_key=True),
    )
    op.create_index("ix_case_search_terms_term", "case_search_terms", ["term", "case_id"])
    op.create_index("ix_cases_recent", "cases", ["updated_at", "id"])
    op.create_index("ix_cases_status_recent", "cases", ["status", "updated_at", "id"])
    op.create_index("ix_cases_attention_recent", "cases", ["attention", "updated_at", "id"])
    op.create_index("ix_cases_attention_due", "cases", ["attention", "attention_until"])
    _index_existing_cases()


def _index_existing_cases() -> None:
    from anef_tui.search_terms import case_terms

    cases = sa.table("cases", sa.column("id"), sa.column("numero_demande"))
    applicants = sa.table("applicants", sa.column("case_id"), sa.column("nom_naissance"),
                          sa.column("prenoms"), sa.column("numero_etranger"))
    terms = sa.table("case_search_terms", sa.column("case_id"), sa.column("term"))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(cases.c.id, cases.c.numero_demande, applicants.c.nom_naissance,
                  applicants.c.prenoms, applicants.c.numero_etranger)
        .select_from(cases.outerjoin(applicants, applicants.c.case_id == cases.c.id))
    ).all()
    batch: list[dict[str, object]] = []
    for r in rows:
        names = (r.nom_naissance or "", r.prenoms or "")
        batch += [{"case_id": r.id, "term": t} for t in sorted(case_terms(
            r.id, names=names, numbers=(r.numero_etranger, r.numero_demande)))]
        if len(batch) >= 5000:
            conn.execute(sa.insert(terms), batch)
            batch = []
    if batch:
        conn.execute(sa.insert(terms), batch)


def downgrade() -> None:
    op.drop_index("ix_cases_attention_due", "cases")
    op.drop_index("ix_cases_attention_recent", "cases")
    op.drop_index("ix_cases_status_recent", "cases")
    op.drop_index("ix_cases_recent", "cases")
    op.drop_index("ix_case_search_terms_term", "case_search_terms")
    op.drop_table("case_search_terms")
