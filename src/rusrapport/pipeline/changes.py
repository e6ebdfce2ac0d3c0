"""What changed since the last published build: every number in the text, compared by id.

Each build compares its number registry with the one in the outputs it replaces, writes
``changes.html`` and a section of the manifest, and prints a one-screen summary, so whoever
runs (or reads the log of) a scheduled rebuild sees at once which figures new data moved.
"""

from __future__ import annotations

import html
import math

from rusrapport.text.numbers import format_number

SUMMARY_LINES = 15


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def compare(old: list[dict], new: list[dict]) -> list[dict]:
    """Numbers whose value or text changed, appeared or disappeared, in the new build's order."""
    before = {n["id"]: n for n in old}
    after = {n["id"]: n for n in new}
    rows = []
    for number_id, item in after.items():
        prior = before.get(number_id)
        if prior is None:
            rows.append(
                {
                    "id": number_id,
                    "chapter": item["chapter"],
                    "change": "ny",
                    "old": None,
                    "new": item["text"],
                    "diff": None,
                }
            )
        elif not _same(prior["value"], item["value"]) or prior["text"] != item["text"]:
            diff = None
            if isinstance(prior["value"], int | float) and isinstance(item["value"], int | float):
                diff = float(item["value"]) - float(prior["value"])
            rows.append({"id": number_id, "chapter": item["chapter"], "change": "endret", "old": prior["text"],
                         "new": item["text"], "diff": diff})  # fmt: skip
    for number_id, prior in before.items():
        if number_id not in after:
            rows.append(
                {
                    "id": number_id,
                    "chapter": prior["chapter"],
                    "change": "fjernet",
                    "old": prior["text"],
                    "new": None,
                    "diff": None,
                }
            )
    return rows


def _diff_text(diff: float | None) -> str:
    if diff is None or diff == 0:
        return ""
    decimals = 0 if float(diff).is_integer() else 2
    text = format_number(diff, decimals)
    return f"+{text}" if diff > 0 else text


def changes_main(rows: list[dict], compared_with: str | None) -> str:
    if compared_with is None:
        intro = "<p>Dette er det første bygget i denne mappen; det finnes ingen tidligere utgave å sammenligne med.</p>"
    elif not rows:
        intro = f"<p>Ingen tall i teksten er endret siden bygget {html.escape(compared_with)}.</p>"
    else:
        chapters = sorted({r["chapter"] for r in rows})
        intro = (f"<p>{len(rows)} tall i teksten er endret siden bygget {html.escape(compared_with)}, i kapitlene "
                 f"{html.escape(', '.join(chapters))}.</p>")  # fmt: skip
    body = "".join(
        f'<tr><th scope="row">{html.escape(r["id"])}</th><td class="text">{html.escape(r["chapter"])}</td>'
        f'<td class="text">{r["change"]}</td><td>{html.escape(r["old"] or "–")}</td><td>{html.escape(r["new"] or "–")}</td>'
        f"<td>{_diff_text(r['diff'])}</td></tr>"
        for r in rows
    )
    table = (
        '<div class="table-wrap"><table><caption>Endrede tall</caption><thead><tr><th scope="col">Tall</th>'
        '<th scope="col">Kapittel</th><th scope="col">Endring</th><th scope="col">Før</th><th scope="col">Nå</th>'
        f'<th scope="col">Differanse</th></tr></thead><tbody>{body}</tbody></table></div>'
        if rows
        else ""
    )
    return f"<h1>Hva er endret</h1>{intro}{table}"


def summary(rows: list[dict], compared_with: str | None) -> list[str]:
    """At most a screenful of lines for the build log."""
    if compared_with is None:
        return ["Changes: first build here, nothing to compare with."]
    if not rows:
        return [f"Changes: no number in the text changed since the build of {compared_with}."]
    lines = [
        f"Changes: {len(rows)} number(s) in the text changed since the build of {compared_with} (see changes.html):"
    ]
    for r in rows[:SUMMARY_LINES]:
        lines.append(
            f"  {r['id']:<40} {r['old'] or '–':>14} -> {r['new'] or '–':<14} {_diff_text(r['diff'])}"
        )
    if len(rows) > SUMMARY_LINES:
        lines.append(f"  ... and {len(rows) - SUMMARY_LINES} more")
    return lines
