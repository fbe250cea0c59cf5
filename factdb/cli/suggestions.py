"""The suggest command: candidate claims found in a source."""

from __future__ import annotations

import json

import click

from factdb.cli.common import domain_errors, transaction


def register(cli: click.Group) -> None:
    cli.add_command(suggest_command)


@click.command("suggest")
@click.argument("source_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
@click.option("--uncovered", is_flag=True, help="Leave out what existing claims already cover.")
@domain_errors
def suggest_command(source_id: int, as_json: bool, uncovered: bool) -> None:
    """List the statements, dates and figures suggested for SOURCE_ID."""
    # Imported here: the suggestion engine compiles its patterns on import, which no other
    # command should pay for at start.
    from factdb.services.suggest.store import source_suggestions

    with transaction(write=False) as session:
        items = source_suggestions(session, source_id, include_covered=not uncovered)
    if as_json:
        click.echo(json.dumps([item.to_dict() for item in items], indent=2, ensure_ascii=False))
        return
    for item in items:
        found = item.suggestion
        covered = f"  (covered by claim #{item.covered_by})" if item.covered_by else ""
        click.echo(
            f"{found.key:<24} {found.confidence:.2f}  {_summary(found)}{covered}\n"
            f"{'':<30}“{found.exact}”"
        )
    click.echo(f"{len(items)} suggestion(s)")


def _summary(found) -> str:
    value = found.value
    if found.kind == "date":
        return f"date {value.get('date') or 'unresolved'} ({value.get('precision')})"
    if found.kind == "figure":
        approx = "approx. " if value.get("approximate") else ""
        return f"figure {approx}{value.get('amount')} {value.get('unit') or ''}".rstrip()
    who = ", ".join(x for x in (found.speaker, found.organization) if x)
    return f"statement by {who or 'unknown'}"
