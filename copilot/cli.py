"""The `copilot` command: build the demo store, migrate, and (as the faces land) chat, serve, eval."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from copilot.config import get_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Merchant Copilot")
console = Console()


@app.command()
def migrate() -> None:
    """Create or upgrade the store's schema in place (COPILOT_DB_URL, default SQLite in the data folder)."""
    from copilot.store.db import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    console.print(f"[green]Store is at the latest schema:[/] {_redact(settings.database_url)}")


@app.command()
def demo(
    orders: Annotated[
        int | None, typer.Option(help="Total orders to generate (default: the standard demo size)")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the generator")] = 20261120,
    answers: Annotated[bool, typer.Option(help="Print a few answers from the built store")] = True,
) -> None:
    """Build the deterministic demo store (three merchants, anchored at 2026-11-20) and show answers."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from copilot.store import Store
    from copilot.store.demo import build_demo

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database_url)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        summary = build_demo(store, orders=orders, seed=seed, progress=report)
    console.print(f"[green]Demo store built[/] at {_redact(settings.database_url)}: {summary}")
    if answers:
        from copilot.showcase import print_demo_answers

        print_demo_answers(store, settings, console)
    store.close()


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    app()
