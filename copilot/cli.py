"""The `copilot` command: build the demo store, migrate, and (as the faces land) chat, serve, eval."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from copilot.config import get_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Merchant Copilot")
console = Console()


def _progress_bar(*, percent: bool = False) -> Progress:
    """A progress display on the CLI console: description, bar, done/total (or percent with `percent`), elapsed."""
    from rich.progress import BarColumn, MofNCompleteColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    count = TaskProgressColumn() if percent else MofNCompleteColumn()
    return Progress(TextColumn("{task.description}"), BarColumn(), count, TimeElapsedColumn(), console=console)


def _bar_per_stage(progress: Progress) -> Callable[[str, int, int], None]:
    """A `(stage, done, total)` progress callback that gives each stage its own bar, added on its first report."""
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done, total=total)

    return report


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

    from copilot.catalog.illustrations import draw_demo_illustrations
    from copilot.demo.build import build_demo
    from copilot.store import Store

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database_url)
    with _progress_bar() as progress:
        summary = build_demo(store, orders=orders, seed=seed, progress=_bar_per_stage(progress))
    console.print(f"[green]Demo store built[/] at {_redact(settings.database_url)}: {summary}")
    drawn = draw_demo_illustrations(store, settings.data_dir)
    console.print(f"Product illustrations drawn for {drawn} demo products (their creatives show them).")
    if answers:
        from copilot.showcase import print_demo_answers

        print_demo_answers(settings, console)
    store.close()


@app.command()
def chat(
    merchant: Annotated[str, typer.Option(help="Merchant id, e.g. m_outdoor")],
    thread: Annotated[str | None, typer.Option(help="Thread id to continue (default: a new thread)")] = None,
    today: Annotated[
        str | None, typer.Option(help="Fixed 'today' (YYYY-MM-DD); default: COPILOT_TODAY, a demo store's own date")
    ] = None,
    approver: Annotated[str, typer.Option(help="Name recorded on approvals")] = "cli-user",
) -> None:
    """Chat with the copilot in the terminal: streamed answers, tool steps, approvals inline."""
    import uuid
    from datetime import date

    from copilot.chat_cli import chat_loop
    from copilot.clock import FixedClock
    from copilot.service import open_copilot

    settings = get_settings()
    clock = FixedClock.on(date.fromisoformat(today)) if today else None
    thread_id = thread or uuid.uuid4().hex[:12]
    console.print(f"[dim]merchant {merchant} · thread {thread_id} · model {settings.model} · 'exit' to leave[/]")
    with open_copilot(settings, clock=clock) as copilot:
        chat_loop(copilot, merchant, thread_id, console, lambda prompt: console.input(prompt), approver)


@app.command("eval")
def eval_(
    paths: Annotated[list[Path] | None, typer.Argument(help="Scenario files or folders")] = None,
    model: Annotated[str | None, typer.Option(help="Chat model (default: COPILOT_MODEL, i.e. offline)")] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Run each scenario K times (pass^k)")] = 1,
    jobs: Annotated[int, typer.Option(min=1, help="Scenarios run in parallel processes")] = 1,
    report: Annotated[Path, typer.Option(help="Folder for report.md, report.json, junit.xml")] = Path("reports/eval"),
    min_pass: Annotated[
        float | None, typer.Option(help="Fail below this pass rate (default 1.0 offline, 0.8 for LLMs)")
    ] = None,
) -> None:
    """Run the scenario evals (default: evals/scenarios/) and write the reports."""
    from rich.markdown import Markdown

    from evals.report import summarize, to_markdown, write_reports
    from evals.runner import ScratchSpaceError, run_suite
    from evals.scenario import ScenarioError, load_scenarios

    settings = get_settings()
    chosen = model or settings.model
    try:
        scenarios = load_scenarios(paths or [Path(__file__).resolve().parent.parent / "evals" / "scenarios"])
    except ScenarioError as exc:
        console.print(f"[red]Invalid scenario:[/] {exc}")
        raise typer.Exit(2) from exc
    if not scenarios:
        console.print("[red]No scenarios found.[/]")
        raise typer.Exit(2)
    with _progress_bar() as progress:
        task = progress.add_task(f"evals ({chosen})", total=len(scenarios) * repeat)

        def advance(result: object) -> None:
            progress.advance(task)

        try:
            results = run_suite(
                scenarios,
                data_dir=settings.data_dir,
                model=chosen,
                repeat=repeat,
                jobs=jobs,
                on_result=advance,
                db_url=settings.db_url,
            )
        except ScratchSpaceError as exc:
            progress.stop()
            console.print(f"[red]Not enough disk for the evals:[/] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    summary = summarize(results, model=chosen, repeat=repeat)
    written = write_reports(results, summary, report)
    console.print(Markdown(to_markdown(results, summary)))
    console.print(f"[dim]reports: {', '.join(str(p) for p in written.values())}[/]", highlight=False)
    failed = summary["scenarios_run"] - summary["passed"]
    console.print(f"evals: {summary['passed']} passed, {failed} failed", highlight=False)
    threshold = min_pass if min_pass is not None else (1.0 if chosen == "offline" else 0.8)
    if summary["pass_rate"] < threshold:
        console.print(f"[red]Pass rate {summary['pass_rate']:.1%} is below {threshold:.0%}.[/]")
        raise typer.Exit(1)


@app.command()
def blind(
    paths: Annotated[list[Path], typer.Argument(help="Blind set files, e.g. evals/blind/set_a.yaml")],
    split: Annotated[str, typer.Option(help="Half to score: report, tune or all (SHA-256 of the item id)")] = "report",
    model: Annotated[str | None, typer.Option(help="Chat model (default: COPILOT_MODEL, i.e. offline)")] = None,
    jobs: Annotated[int, typer.Option(min=1, help="Items run in parallel processes")] = 1,
    report: Annotated[Path, typer.Option(help="Folder for report.md and report.json")] = Path("reports/blind"),
    keep: Annotated[
        Path | None, typer.Option(help="Fail (exit 1) if an item listed in this file fails: a regression")
    ] = None,
    write_keep: Annotated[Path | None, typer.Option(help="Write the ids of the items that passed to this file")] = None,
) -> None:
    """Score blind sets: tool, argument and behaviour accuracy on wording the model was not tuned on."""
    import subprocess

    from evals.blind import (
        BlindSetError,
        choose,
        load_blind,
        read_kept,
        regressions,
        run_blind,
        summarize,
        write_kept,
        write_report,
    )
    from evals.runner import ScratchSpaceError

    if split not in ("report", "tune", "all"):
        console.print(f"[red]--split must be report, tune or all, not {split!r}.[/]")
        raise typer.Exit(2)
    settings = get_settings()
    chosen = model or settings.model
    try:
        items = choose([item for path in paths for item in load_blind(path)], split)  # type: ignore[arg-type]
    except BlindSetError as exc:
        console.print(f"[red]Invalid blind set:[/] {exc}")
        raise typer.Exit(2) from exc
    with _progress_bar() as progress:
        task = progress.add_task(f"blind {split} ({chosen})", total=len(items))
        try:
            scores = run_blind(
                items,
                data_dir=settings.data_dir,
                model=chosen,
                jobs=jobs,
                db_url=settings.db_url,
                on_result=lambda result: progress.advance(task),
            )
        except ScratchSpaceError as exc:
            progress.stop()
            console.print(f"[red]Not enough disk for the blind sets:[/] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    summary = summarize(scores, split=split, model=chosen, commit=head.stdout.strip() or None)
    written = write_report(summary, report)
    items_rate, turns = summary["items"], summary["turns"]
    console.print(
        f"blind ({split}): {items_rate['passed']}/{items_rate['n']} items pass; turns: tool "
        f"{turns['tool_accuracy']:.1%}, tool+args {turns['tool_args_accuracy']:.1%}",
        highlight=False,
    )
    console.print(f"[dim]reports: {', '.join(str(p) for p in written.values())}[/]", highlight=False)
    if write_keep is not None:
        kept = write_kept(write_keep, scores, commit=summary.get("commit"))
        console.print(f"{len(kept)} passing items written to {write_keep}", highlight=False)
    if keep is not None:
        kept_ids = read_kept(keep)
        failed, unplayed = regressions(scores, kept_ids)
        if unplayed:
            console.print(
                f"[red]{len(unplayed)} kept items were not played[/] (sets or split left out): "
                f"{', '.join(unplayed[:10])}",
                highlight=False,
            )
        if failed:
            console.print(
                f"[red]{len(failed)} kept items fail now (regressions):[/] {', '.join(failed)}", highlight=False
            )
        if failed or unplayed:
            raise typer.Exit(1)
        console.print(f"all {len(kept_ids)} kept items still pass", highlight=False)


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(help="A .md .txt .html .pdf file, or a folder of them")],
    merchant: Annotated[str, typer.Option("--merchant", "-m", help="Merchant id whose memory receives it")],
) -> None:
    """Add documents to a merchant's memory (Chroma folder in the data folder, or COPILOT_CHROMA_URL)."""

    from copilot.memory import MemoryStore, MemoryStoreError, UnsupportedDocumentError

    settings = get_settings()
    stored = [0]
    try:
        memory = MemoryStore.open(settings)
        with _progress_bar() as progress:
            task = progress.add_task(f"Ingesting into {merchant}", total=None)

            def report(done: int, total: int, name: str) -> None:
                stored[0] = done
                progress.update(task, completed=done, total=total, description=f"{merchant}: {name}")

            chunks = memory.ingest_path(merchant, path, progress=report)
    except (FileNotFoundError, UnsupportedDocumentError, MemoryStoreError, ValueError) as exc:
        kept = f" ({stored[0]} files before it are stored)" if stored[0] else ""
        console.print(f"[red]Ingest failed:[/] {exc}{kept}")
        raise typer.Exit(code=1) from exc
    titles = ", ".join(doc["title"] for doc in memory.documents(merchant))
    console.print(f"[green]{chunks} chunks ingested[/] for {merchant} at {memory.location}. Documents: {titles}")


@app.command("import")
def import_(
    paths: Annotated[list[Path] | None, typer.Argument(help="Export files (CSV or XLSX) to import")] = None,
    merchant: Annotated[str | None, typer.Option("--merchant", "-m", help="Merchant id (created if new)")] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="auto | shopify | taobao | alimama (ad report) | csv | ads (ad report)")
    ] = "auto",
    currency: Annotated[str | None, typer.Option(help="Currency of a new merchant when the file has none")] = None,
    mapping: Annotated[Path | None, typer.Option(help="Column mapping (YAML) for --format csv or ads")] = None,
    timezone: Annotated[str | None, typer.Option(help="Zone of dates without an offset, e.g. Asia/Shanghai")] = None,
    name: Annotated[str | None, typer.Option(help="Display name of a new merchant")] = None,
    channel: Annotated[
        str | None, typer.Option(help="Ad reports: search | recommend | live, for rows that name no channel")
    ] = None,
    suggest_mapping: Annotated[
        Path | None, typer.Option("--suggest-mapping", help="Print a proposed mapping for this file and exit")
    ] = None,
) -> None:
    """Import order and product exports (Shopify, Taobao/Tmall, or CSV/XLSX with a mapping) for a merchant,
    and product sheets (columns sku or title, cost, stock) giving what the exports lack."""

    from copilot.catalog.fetch import FetchPolicy, fetch_product_images, photo_client
    from copilot.importers import ImportFailed, import_files
    from copilot.importers import suggest_mapping as propose
    from copilot.importers.ads import is_ad_report_file, suggest_ad_mapping
    from copilot.importers.tables import UnreadableFileError
    from copilot.store import Store
    from copilot.store.anchor import clock_for

    if suggest_mapping is not None:
        try:
            ad_report = fmt == "ads" or (fmt == "auto" and is_ad_report_file(suggest_mapping))
            typer.echo(suggest_ad_mapping(suggest_mapping) if ad_report else propose(suggest_mapping))
        except (OSError, UnreadableFileError) as exc:
            console.print(f"[red]Cannot read {suggest_mapping.name}:[/] {exc}")
            raise typer.Exit(1) from exc
        return
    if not paths or not merchant:
        console.print("[red]Give export files and --merchant ID (or --suggest-mapping FILE).[/]")
        raise typer.Exit(2)
    settings = get_settings()
    store = Store.open(settings.database_url)
    try:
        with _progress_bar(percent=True) as progress:
            summary = import_files(
                store, paths, merchant_id=merchant, secret=settings.secret_key.get_secret_value(), fmt=fmt,
                currency=currency, timezone=timezone, mapping=mapping, channel=channel,
                report_dir=settings.data_dir / "imports", merchant_name=name,
                clock=clock_for(settings, store, merchant), progress=_bar_per_stage(progress),
            )  # fmt: skip
        with photo_client() as client:
            photos = fetch_product_images(store, settings.data_dir, merchant, client, FetchPolicy.of(settings))
    except ImportFailed as exc:
        console.print(f"[red]Import failed:[/] {exc}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    console.print(summary.summary(), highlight=False)
    if photos.fetched or photos.failed:
        console.print(photos.line(), highlight=False)


@app.command()
def creatives(
    merchant: Annotated[str, typer.Option("--merchant", "-m", help="Merchant id, e.g. m_outdoor")],
    category: Annotated[str | None, typer.Option(help="Every product of this category")] = None,
    product: Annotated[str | None, typer.Option(help="Product id or part of its title")] = None,
    count: Annotated[int, typer.Option(min=1, max=10, help="Copy variants (sets) per product")] = 3,
    kind: Annotated[str, typer.Option(help="copy | image | both")] = "both",
) -> None:
    """Write ad copy and PNG creatives in batch (default: the latest draft campaign's products)."""

    from copilot.context import Context
    from copilot.creatives.service import run_generate_creatives
    from copilot.memory import MemoryStore, MemoryStoreError
    from copilot.store import Store
    from copilot.store.anchor import clock_for
    from tools.result import ToolRefusal

    settings = get_settings()
    store = Store.open(settings.database_url)
    try:
        memory: MemoryStore | None = MemoryStore.open(settings)
    except MemoryStoreError as exc:
        console.print(f"[yellow]Memory unavailable ({exc}); brand guide not used.[/]")
        memory = None
    ctx = Context(
        merchant_id=merchant, store=store, settings=settings, memory=memory, clock=clock_for(settings, store, merchant)
    )
    with _progress_bar() as progress:
        task = progress.add_task(f"Creatives for {merchant}", total=None)

        def report(done: int, total: int, title: str) -> None:
            progress.update(task, completed=done, total=total, description=f"{merchant}: {title}")

        try:
            output = run_generate_creatives(
                ctx,
                count=count,
                kind=kind,  # type: ignore[arg-type]  # validated by the tool: copy | image | both
                product=product,
                category=category,
                progress=report,
            )
        except ToolRefusal as exc:
            console.print(f"[red]Not generated:[/] {exc}")
            raise typer.Exit(code=1) from exc
        finally:
            store.close()
            if memory is not None:
                memory.close()
    console.print(output.text, highlight=False)


keys_app = typer.Typer(no_args_is_help=True, help="API keys of the chat API (stored hashed)")
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    merchant: Annotated[str, typer.Option(help="Merchant id the key speaks for, e.g. m_outdoor")],
    name: Annotated[str, typer.Option(help="A label to tell keys apart")] = "default",
) -> None:
    """Create an API key for a merchant and print it once (only its hash is stored)."""
    from copilot.store import Store
    from copilot.web.keys import UnknownMerchantError, create_key

    store = Store.open(get_settings().database_url)
    try:
        issued = create_key(store, merchant, name)
    except UnknownMerchantError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    console.print(f"[green]API key {issued.id}[/] for {merchant} ({name}); shown once, keep it secret:")
    typer.echo(issued.key)


@keys_app.command("list")
def keys_list(merchant: Annotated[str | None, typer.Option(help="Only this merchant's keys")] = None) -> None:
    """List API keys (id, merchant, name, prefix, created, revoked); never the keys themselves."""
    from copilot.store import Store
    from copilot.web.keys import list_keys

    store = Store.open(get_settings().database_url)
    try:
        for key in list_keys(store, merchant):
            revoked = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            typer.echo(f"{key.id}\t{key.merchant_id}\t{key.name}\t{key.prefix}…\t{key.created_at:%Y-%m-%d}\t{revoked}")
    finally:
        store.close()


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (key_...)")]) -> None:
    """Revoke an API key; it stops authenticating on the next request."""
    from copilot.store import Store
    from copilot.web.keys import revoke_key

    store = Store.open(get_settings().database_url)
    try:
        revoked = revoke_key(store, key_id)
    finally:
        store.close()
    if not revoked:
        console.print(f"[red]No active key {key_id}.[/]")
        raise typer.Exit(1)
    console.print(f"[green]Revoked {key_id}.[/]")


KEEP_ALIVE_S = 75


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (rate limits are per worker)")] = 1,
    keep_alive: Annotated[
        int,
        typer.Option(
            min=1,
            help="Seconds an idle connection stays open; keep it above the proxy's or client's own idle timeout "
            "(nginx: 60), or a request sent on a connection the server just closed is lost",
        ),
    ] = KEEP_ALIVE_S,
) -> None:
    """Start the chat API (uvicorn) with the configured store, memory and model."""
    import uvicorn

    from copilot.store.db import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    console.print(f"[dim]store {_redact(settings.database_url)} · model {settings.model}[/]")
    console.print(f"Chat API on http://{host}:{port} (OpenAPI at /docs) · `copilot keys create --merchant ID`")
    console.print(f"Web chat on http://{host}:{port}/")
    uvicorn.run(
        "copilot.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_keep_alive=keep_alive,
    )


@app.command()
def watch(
    once: Annotated[bool, typer.Option("--once", help="Run one digest round and exit")] = False,
    interval: Annotated[int, typer.Option(min=1, help="Minutes between rounds")] = 60,
) -> None:
    """Post the anomaly digest to each merchant's Slack/DingTalk channel (COPILOT_CHANNELS_FILE); never twice."""
    import time

    from copilot.messaging.config import ChannelsConfigError, channels_of
    from copilot.messaging.digest import run_digest
    from copilot.store import Store
    from copilot.store.anchor import clock_for

    settings = get_settings()
    try:
        channels = channels_of(settings)
    except ChannelsConfigError as exc:
        console.print(f"[red]No channels to post to:[/] {exc}")
        raise typer.Exit(2) from exc
    store = Store.open(settings.database_url)
    try:
        while True:
            for outcome in run_digest(settings, store, channels, clock_for(settings, store)):
                status = f"[red]{outcome.error}[/]" if outcome.error else ", ".join(outcome.targets) or "nothing new"
                console.print(
                    f"{outcome.merchant_id}: {outcome.found} alerts, {len(outcome.posted)} posted, "
                    f"{outcome.skipped} already posted · {status}",
                    highlight=False,
                )
            if once:
                return
            time.sleep(interval * 60)
    finally:
        store.close()


@app.command("dingtalk-stream")
def dingtalk_stream() -> None:
    """Serve the DingTalk robot over Stream mode (no public endpoint; needs dingtalk.client_id/client_secret)."""
    from copilot.app import dingtalk_stream_client
    from copilot.messaging.config import ChannelsConfigError, channels_of
    from copilot.service import open_copilot
    from copilot.store.db import upgrade

    settings = get_settings()
    try:
        channels = channels_of(settings)
        if channels.dingtalk is None:
            raise ChannelsConfigError("the channels file has no dingtalk section")
    except ChannelsConfigError as exc:
        console.print(f"[red]DingTalk is not configured:[/] {exc}")
        raise typer.Exit(2) from exc
    upgrade(settings.database_url)
    with open_copilot(settings) as copilot:
        try:
            client = dingtalk_stream_client(copilot, channels)
        except ValueError as exc:
            console.print(f"[red]DingTalk Stream mode is not configured:[/] {exc}")
            raise typer.Exit(2) from exc
        console.print("[dim]DingTalk Stream mode: connecting to the DingTalk gateway (Ctrl-C to stop)[/]")
        client.start_forever()


BENCHMARKS_DIR = Path(__file__).resolve().parent.parent / "benchmarks"


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Benchmark to run (default: list them)")] = None,
) -> None:
    """Run a benchmark from benchmarks/ (extra options are passed to it); its results go to reports/bench/, and
    also to BENCHMARKS.md with --record."""
    import subprocess
    import sys

    available = sorted(p.stem for p in BENCHMARKS_DIR.glob("*.py") if not p.stem.startswith("_"))
    if name is None:
        console.print("Benchmarks: " + ", ".join(available) + "  (copilot bench NAME [--options])")
        return
    if name not in available:
        console.print(f"[red]No benchmark {name!r}.[/] Available: {', '.join(available)}")
        raise typer.Exit(2)
    completed = subprocess.run([sys.executable, str(BENCHMARKS_DIR / f"{name}.py"), *ctx.args], check=False)
    raise typer.Exit(completed.returncode)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    app()
