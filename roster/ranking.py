"""Best-first reading of the matching rows: the database orders them by an upper bound of the score,
so matching can stop reading as soon as no later row can enter the shortlist.

The bound is the sum of the seven factors *before* `Scorer.quick` rounds them: the same credit
arithmetic (with each credit's caps), written in SQL over the columns `matching._annotated` selects.
The exact score rounds each of the seven factors to 0.1 (at most +0.05 each) and then the total (at
most +0.05 more), so `quick(row) <= bound + 0.4`; `MARGIN` adds room for floating-point noise (the
database adds the terms in another order). The exact scores, the ranking and the reasons are still
computed in Python by `Scorer.quick` and `score_row`: the bound only decides where reading stops.

The bound, the miss count and the size of each class (passing or near-miss, a window function) are
computed in an outer SELECT over the annotated query, so each input (a hashed IN set, a correlated
sum) is evaluated once per expert. The inner query has a window function of its own, which keeps
PostgreSQL from flattening it into the outer one and repeating those inputs there.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections

from .scoring import COMFORT_DAYS, DECLARED_CREDIT, PRIOR_WEIGHT, VERIFIED_CREDIT, Criteria, _maxima

MARGIN = 0.5  # > 7 x 0.05 (each factor rounded) + 0.05 (the total rounded) + float noise
UNKNOWN = 1000.0  # a NULL bound (never expected) sorts first and never stops the reading


def _f(value: float) -> str:
    """A float literal typed as double precision (on PostgreSQL a bare 0.5 is numeric); the
    values are computed here from numbers, never from text."""
    return f"CAST({float(value)!r} AS DOUBLE PRECISION)"


def _bound_sql(c: Criteria, *, lead: int, prior: float, col) -> str:
    m = _maxima(c)
    terms = []
    # Expertise: linear in the four counts (a theme is listed at most once, so the credit is <= 1).
    required, desirable = len(c.required_themes), len(c.desirable_themes)
    if not required and not desirable:
        terms.append(_f(m["expertise"]))
    else:
        share_req, share_des = (0.75, 0.25) if required and desirable else (1.0, 1.0)
        for prefix, total, share in (("req", required, share_req), ("des", desirable, share_des)):
            if total:
                each = m["expertise"] * share / total
                terms.append(f"{col(prefix + '_verified')} * {_f(each * VERIFIED_CREDIT)}")
                terms.append(f"{col(prefix + '_declared')} * {_f(each * DECLARED_CREDIT)}")
    # Languages: min(1, 0.7 + 0.15 * (level - minimum)) from the minimum on, 1 two levels above.
    if not c.languages:
        terms.append(_f(m["languages"]))
    for code, minimum in c.languages:
        each, level = m["languages"] / len(c.languages), col(f"level_{code}")
        terms.append(
            f"CASE WHEN {level} >= {int(minimum) + 2} THEN {_f(each)}"
            f" WHEN {level} >= {int(minimum)} THEN {_f(each * (0.7 - 0.15 * minimum))} + {level} * {_f(each * 0.15)}"
            f" ELSE {_f(0)} END"
        )
    # Availability: 0.6 + 0.4 * min(1, (lead - notice) / COMFORT_DAYS) if covered and the notice fits.
    a, covers, notice = m["availability"], col("g_covers"), col("notice_days")
    terms.append(
        f"CASE WHEN {covers} AND {notice} <= {int(lead) - COMFORT_DAYS} THEN {_f(a)}"
        f" WHEN {covers} AND {notice} <= {int(lead)} THEN"
        f" {_f(a * (0.6 + 0.4 * lead / COMFORT_DAYS))} - {notice} * {_f(a * 0.4 / COMFORT_DAYS)}"
        f" ELSE {_f(0)} END"
    )
    # Experience: min(1, 0.6 + 0.1 * years) in the country, else min(0.5, 0.2 + 0.1 * years) nearby.
    x, years, region = m["experience"], col("country_years"), col("region_years")
    terms.append(
        f"CASE WHEN {years} >= 4 THEN {_f(x)} WHEN {years} > 0 THEN {_f(x * 0.6)} + {years} * {_f(x * 0.1)}"
        f" WHEN {region} >= 3 THEN {_f(x * 0.5)} WHEN {region} > 0 THEN {_f(x * 0.2)} + {region} * {_f(x * 0.1)}"
        f" ELSE {_f(0)} END"
    )
    if c.function:
        terms.append(f"CASE WHEN {col('has_function')} THEN {_f(m['function'])} ELSE {_f(0)} END")
    else:
        terms.append(_f(m["function"]))
    # Track record: (shrunk - 1) / 4 in 0..1, shrunk = (PRIOR_WEIGHT * prior + sum) / (PRIOR_WEIGHT + n).
    shrunk = (
        f"(({_f(PRIOR_WEIGHT * prior)} + COALESCE({col('eval_sum')}, {_f(0)}))"
        f" / ({_f(PRIOR_WEIGHT)} + {col('eval_n')}))"
    )
    credit = f"(({shrunk} - {_f(1)}) * {_f(0.25)})"
    t = m["track_record"]
    terms.append(
        f"CASE WHEN {credit} >= {_f(1)} THEN {_f(t)} WHEN {credit} <= {_f(0)} THEN {_f(0)}"
        f" ELSE {credit} * {_f(t)} END"
    )
    terms.append(f"CASE WHEN {col('fresh')} THEN {_f(m['freshness'])} ELSE {_f(0)} END")
    return f"COALESCE({' + '.join(terms)}, {_f(UNKNOWN)})"


def ranked_rows(rows, c: Criteria, *, gates: list[str], lead: int, prior: float, chunk_size: int):
    """Yields the rows of `rows` (a `values()` queryset from `matching._annotated`) as dicts,
    highest bound first, converted as the queryset would convert them, with four more keys:
    `g_available` (from `g_covers` and the notice), `missed` (how many of the `g_<gate>` flags are
    false), `class_size` (how many rows have the same `missed`) and `bound`."""
    query = rows.query
    connection = connections[rows.db]
    compiler = query.get_compiler(rows.db)
    try:
        inner_sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. expert_ids=[]: no row can match, so there is nothing to ask
        return
    if query.selected:
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    quote = connection.ops.quote_name

    def col(name):
        return f"m.{quote(name)}"

    bound = _bound_sql(c, lead=lead, prior=prior, col=col)
    # Only the ORM-compiled query, quoted names and float literals made here: no outside text.
    # The availability gate (gate_conditions): the windows cover the period and the notice fits.
    available = f"({col('g_covers')} AND {col('notice_days')} <= {int(lead)})"
    flags = [available if name == "available" else col(f"g_{name}") for name in gates]
    missed = " + ".join(f"CASE WHEN {flag} THEN 0 ELSE 1 END" for flag in flags) or "0"
    sql = (
        f"SELECT m.*, {available} AS {quote('g_available')}, {missed} AS {quote('missed')},"  # noqa: S608
        f" COUNT(*) OVER (PARTITION BY {missed}) AS {quote('class_size')}, {bound} AS {quote('bound')}"
        f" FROM ({inner_sql}) m ORDER BY {quote('bound')} DESC"
    )
    names += ["g_available", "missed", "class_size", "bound"]
    cursor = connection.chunked_cursor()
    try:
        cursor.execute(sql, params)
        chunks = iter(lambda: cursor.fetchmany(chunk_size), [])
        for row in compiler.results_iter(results=chunks):
            yield dict(zip(names, row, strict=True))
    finally:
        cursor.close()
