"""The `saiduan` command line."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from saiduan import migrate
from saiduan.db import make_engine, make_session_factory, session_scope
from saiduan.settings import Settings, SettingsError

app = typer.Typer(help="Saiduan: intake and handoff for the 1300 hotline.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
users_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")


def _mount_nlp_commands() -> None:
    # `saiduan classify|train|evaluate` are nlp/'s own commands, mounted at the top level.
    from nlp.cli import app as nlp_app

    app.registered_commands.extend(nlp_app.registered_commands)


_mount_nlp_commands()
console = Console(stderr=True)


def _settings() -> Settings:
    try:
        return Settings()
    except SettingsError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: str = typer.Option(None, help="Default: SAIDUAN_HOST"),
    port: int = typer.Option(None, help="Default: SAIDUAN_PORT"),
) -> None:
    """Serve webhooks, the web chat and the console (uvicorn)."""
    import uvicorn

    from saiduan.app import create_app
    from saiduan.logs import configure_logging

    settings = _settings()
    configure_logging(settings.log_level, json_logs=settings.log_json)
    uvicorn.run(
        create_app(settings), host=host or settings.host, port=port or settings.port,
        log_config=None, access_log=False, proxy_headers=True,
        # Console live streams stay open; do not let them hold a restart for long.
        timeout_graceful_shutdown=5,
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    settings = _settings()
    migrate.upgrade(settings.database_url, revision)
    console.print("[green]database schema is current[/green]")


@db_app.command("current")
def db_current() -> None:
    """Show the applied revision and whether it is the newest."""
    settings = _settings()
    engine = make_engine(settings.database_url, one_shot=True)
    applied = migrate.current_revisions(engine)
    heads = migrate.head_revisions(settings.database_url)
    typer.echo(f"applied: {', '.join(sorted(applied)) or 'none'}; newest: {', '.join(sorted(heads))}")
    raise typer.Exit(0 if applied == heads else 1)


@app.command("demo-data")
def demo_data() -> None:
    """Load centres, agencies and demo staff accounts (passwords are printed once)."""
    from saiduan.demo import load_demo_data

    settings = _settings()
    factory = make_session_factory(make_engine(settings.database_url, one_shot=True))
    with session_scope(factory) as session:
        result = load_demo_data(session)
    console.print(f"centres: {result.centres}, agencies added: {result.agencies_added}")
    if result.new_passwords:
        table = Table(title="Demo staff accounts (shown once; sign in at /console)")
        table.add_column("username")
        table.add_column("password")
        for user, password in result.new_passwords.items():
            table.add_row(user, password)
        Console().print(table)
    else:
        console.print("demo staff accounts exist already; `saiduan users set-password NAME` resets one")


@users_app.command("create")
def users_create(
    username: str,
    role: str = typer.Option(..., help="worker, supervisor or admin"),
    centre: str = typer.Option(..., help="centre code, e.g. PV10 or NATIONAL"),
    name: str = typer.Option(..., help="display name"),
    password: str = typer.Option(None, help="omit to read it from standard input"),
) -> None:
    """Create a staff account."""
    from handoff.users import UserError, create_user
    from handoff.passwords import WeakPasswordError

    settings = _settings()
    if password is None:
        password = typer.prompt("password", hide_input=True) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    factory = make_session_factory(make_engine(settings.database_url, one_shot=True))
    try:
        with session_scope(factory) as session:
            create_user(session, username=username, password=password, display_name=name, role=role,
                        centre_code=centre)
    except (UserError, WeakPasswordError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(f"[green]created {username}[/green]")


@users_app.command("set-password")
def users_set_password(username: str) -> None:
    """Set a new password (read from standard input or a hidden prompt)."""
    from handoff.passwords import WeakPasswordError
    from handoff.users import UserError, set_password

    settings = _settings()
    password = typer.prompt("password", hide_input=True) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    factory = make_session_factory(make_engine(settings.database_url, one_shot=True))
    try:
        with session_scope(factory) as session:
            set_password(session, username=username, password=password)
    except (UserError, WeakPasswordError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    console.print(f"[green]password changed for {username}[/green]")


def main() -> None:
    app()
