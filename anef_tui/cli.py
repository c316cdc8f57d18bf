"""Command line: start the application, check the definitions of data/ or scanned files,
or look after the site's database (`anef-tui db …`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from anef_tui import __version__
from anef_tui.cli_french import FrenchArgumentParser
from anef_tui.config import (
    ENV_DATABASE_URL,
    ENV_DESK,
    ENV_HOME,
    ENV_SCAN_DIR,
    ENV_SITE_PREFIX,
    ENV_THEME,
    THEME_NAMES,
    ConfigError,
    Settings,
    check_not_shared,
    load_settings,
)
from anef_tui.errors import StorageError

if TYPE_CHECKING:
    from anef_tui.catalog.models import Procedure


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="anef-tui",
        description=(
            "Assistant de guichet, au clavier, pour les téléprocédures ANEF « titre de "
            "séjour ». Sans commande : lance l'application."
        ),
    )
    parser.add_argument("--version", action="version", version=f"anef-tui {__version__}",
                        help="affiche la version puis quitte")
    parser.add_argument(
        "--theme", metavar="THÈME",
        help=f"couleurs de l'écran : {', '.join(THEME_NAMES)} ; sinon ${ENV_THEME} ou "
             "«\u00a0sombre\u00a0». «\u00a0contraste\u00a0» : contraste élevé ; "
             "«\u00a0terminal\u00a0» : les couleurs du terminal. NO_COLOR est respecté.",
    )
    parser.add_argument(
        "--data-dir", metavar="DOSSIER",
        help=f"dossier des données (base, pièces jointes, PDF) ; sinon ${ENV_HOME} ou le "
             "dossier de données de l'utilisateur",
    )
    parser.add_argument(
        "--database-url", metavar="URL",
        help=f"base de données (sqlite:///chemin, ou postgresql+psycopg://rôle@serveur/base "
             f"pour plusieurs guichets) ; sinon ${ENV_DATABASE_URL} ou DOSSIER/anef.sqlite3",
    )
    parser.add_argument(
        "--desk", metavar="NOM",
        help=f"nom de ce guichet, annoncé aux autres guichets de la même base ; sinon "
             f"${ENV_DESK} ou le nom de la machine",
    )
    parser.add_argument(
        "--scan-dir", metavar="DOSSIER",
        help=f"dossier où arrivent les documents numérisés ; sinon ${ENV_SCAN_DIR} ou le "
             "dossier personnel",
    )
    parser.add_argument(
        "--site-prefix", metavar="NNNN",
        help=f"préfixe de site des numéros de demande (4 chiffres) ; sinon ${ENV_SITE_PREFIX}",
    )
    parser.add_argument(
        "--plain", action="store_true",
        help="mode texte pour lecteur d'écran ou plage braille : questions numérotées, une "
             "réponse par ligne (sans couleur ni redessin ; accepte des réponses sur l'entrée "
             "standard)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    check = sub.add_parser(
        "check-data", help="vérifie les définitions des téléprocédures (data/)",
        description="Vérifie chaque définition de téléprocédure et l'arbre de sélection du "
                    "profil ; une erreur nomme le fichier et le champ.",
    )
    check.add_argument(
        "files", nargs="*", type=Path, metavar="FICHIER",
        help="fichiers de définition à vérifier (par défaut : ceux livrés avec anef-tui)",
    )
    files = sub.add_parser(
        "check-files", help="vérifie des documents numérisés comme « Joindre un document »",
        description="Applique à chaque fichier (ou à chaque fichier d'un dossier) exactement "
                    "les contrôles d'une pièce jointe : une ligne par fichier, accepté avec "
                    "son type, sa taille et ses pages ou pixels, ou refusé avec la raison. "
                    "Code de sortie 1 si un fichier est refusé.",
    )
    files.add_argument("paths", nargs="+", type=Path, metavar="CHEMIN",
                       help="fichiers ou dossiers à vérifier")
    sub.add_parser("run", help="lance l'application (par défaut)")
    db = sub.add_parser(
        "db", help="la base de données du site : état, mise à jour, copie vers PostgreSQL",
        description="La base de données du site (--database-url, ou celle du dossier de "
                    "données).",
    )
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("status", help="moteur, version du schéma, nombre de dossiers et pièces")
    db_sub.add_parser("upgrade", help="met le schéma de la base à jour (comme au démarrage)")
    copy = db_sub.add_parser(
        "copy", help="copie la base SQLite et ses pièces dans une base PostgreSQL neuve",
        description="Copie la base SQLite de ce poste et les fichiers de ses dossiers dans "
                    "une base PostgreSQL neuve, en une transaction vérifiée (nombre de lignes "
                    "de chaque table, empreinte SHA-256 de chaque fichier). La base SQLite "
                    "n'est pas modifiée. Le mot de passe se donne par ~/.pgpass, un service "
                    "(PGSERVICE) ou PGPASSWORD, jamais dans l'adresse.",
    )
    copy.add_argument("--to", required=True, metavar="URL",
                      help="la base PostgreSQL cible, par exemple "
                           "postgresql+psycopg://anef@serveur/anef")
    return parser


def database_command(args: argparse.Namespace, settings: Settings) -> int:
    from anef_tui import site_database

    try:
        if args.db_command == "status":
            return site_database.status(settings, sys.stdout)
        if args.db_command == "upgrade":
            return site_database.upgrade(settings, sys.stdout)
        return site_database.copy(settings, args.to, sys.stdout)
    except (site_database.CopyRefused, StorageError) as exc:
        print(f"anef-tui : {exc}", file=sys.stderr)
        return 1


def check_data(files: Sequence[Path]) -> int:
    from anef_tui.catalog.loader import (
        DefinitionError,
        check_catalog,
        load_catalog,
        load_procedure,
        load_routes,
        load_wording,
        procedure_files,
    )

    failures = 0
    loaded: list[tuple[Path, Procedure]] = []
    for path in files or procedure_files():
        try:
            proc = load_procedure(path)
        except DefinitionError as exc:
            failures += 1
            print(f"ERREUR  {path}")
            for problem in exc.problems:
                print(f"  {problem}")
            continue
        loaded.append((path, proc))
        print(f"valide  {path.name}  {proc.id} — {proc.title} ({len(proc.steps)} étapes)")
    across = check_catalog(loaded)
    if across:
        failures += 1
        print("ERREUR  entre les définitions")
        for problem in across:
            print(f"  {problem}")
    catalog = {proc.id: proc for _, proc in loaded}
    if not files:
        try:
            tree = load_routes(catalog=catalog if not failures else load_catalog())
            print(f"valide  routes.yaml  sélection du profil ({len(tree.nodes)} écrans)")
        except DefinitionError as exc:
            failures += 1
            print("ERREUR  routes.yaml")
            for problem in exc.problems:
                print(f"  {problem}")
        try:
            load_wording()
            print("valide  wording.yaml  textes communs des écrans")
        except DefinitionError as exc:
            failures += 1
            print("ERREUR  wording.yaml")
            for problem in exc.problems:
                print(f"  {problem}")
    print(f"{len(catalog)} définition(s) valide(s), {failures} en erreur.")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check-data":
        return check_data(args.files)
    if args.command == "check-files":
        from anef_tui.check_files import check_files

        return check_files(args.paths, sys.stdout)
    try:
        settings = load_settings(
            data_dir=args.data_dir, database_url=args.database_url,
            scan_dir=args.scan_dir, site_prefix=args.site_prefix, desk=args.desk,
            theme=args.theme,
        )
        # Before the first screen: a data folder others can write is refused, not used.
        check_not_shared(settings.data_dir)
    except ConfigError as exc:
        print(f"anef-tui : {exc}", file=sys.stderr)
        return 2
    if args.command == "db":
        return database_command(args, settings)
    if args.plain:
        from anef_tui.plain import run_plain

        return run_plain(settings)
    from anef_tui.app import AnefApp

    app = AnefApp(settings)
    app.run()
    # 1 after a crash (Textual sets it); the message and the report path are printed.
    return app.return_code or 0
