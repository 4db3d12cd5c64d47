"""Altair charts shared by the Morning view and the Timeline, in the reader's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from monitor.ui.fmt import MONTHS
from monitor.ui.i18n import t

COLORS = {"positive": "#2E9D5B", "neutral": "#B7BEC9", "negative": "#D64545"}
COMPLAINT_COLOR = "#E08A1E"
EVENT_COLOR = "#3B5BA9"
SPIKE_COLOR = "#8E1B1B"
# The emotion view: one colour per emotion code, in core.canonical.EMOTION_LABELS order.
EMOTION_COLORS = {
    "anger": "#C0392B",
    "sadness": "#2E6FB7",
    "fear": "#7D4EA8",
    "happy": "#E3B505",
    "love": "#D9569B",
}
EMOTION_PREFIX = "emotion_"  # a series' emotion count columns: emotion_anger, …

_FULL_MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_DAYS = {
    "id": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "en": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
}


def locale(lang: str) -> alt.Locale:
    """Vega's number and time locale, so axes read ``23 Agu`` and ``1.234`` in Indonesian."""
    lang = "en" if lang == "en" else "id"
    return alt.Locale(
        number=alt.NumberLocale(
            decimal="," if lang == "id" else ".",
            thousands="." if lang == "id" else ",",
            grouping=[3],
            currency=["Rp", ""] if lang == "id" else ["$", ""],
        ),
        time=alt.TimeLocale(
            dateTime="%A, %e %B %Y %X",
            date="%d/%m/%Y",
            time="%H.%M.%S" if lang == "id" else "%H:%M:%S",
            periods=["AM", "PM"],
            days=_DAYS[lang],
            shortDays=[d[:3] for d in _DAYS[lang]],
            months=_FULL_MONTHS[lang],
            shortMonths=list(MONTHS[lang]),
        ),
    )


def finish(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Shared look: locale, quiet axes, readable fonts."""
    return (
        chart.configure(locale=locale(lang), font="Source Sans Pro, sans-serif")
        .configure_axis(labelFontSize=12, titleFontSize=12, gridColor="#EEF0F4", domain=False)
        .configure_legend(orient="top", title=None, labelFontSize=12)
        .configure_view(strokeWidth=0)
    )


def _day(series: pd.DataFrame) -> pd.DataFrame:
    frame = series.copy()
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def long_labels(series: pd.DataFrame, lang: str) -> pd.DataFrame:
    """positive/neutral/negative counts as long rows with translated names."""
    frame = _day(series)
    rows = frame.melt(
        id_vars=["day"],
        value_vars=["positive", "neutral", "negative"],
        var_name="label",
        value_name="count",
    )
    rows["name"] = rows["label"].map(lambda k: t(k, lang))
    rows["order"] = rows["label"].map({"positive": 0, "neutral": 1, "negative": 2})
    return rows


def sentiment_layer(
    series: pd.DataFrame, metric: str, lang: str, x: alt.X, height: int
) -> alt.Chart:
    """The main panel: stacked counts, net index, negative share, or emotions."""
    if metric == "emotion":
        return emotion_layer(series, lang, x, height)
    if metric == "stacked":
        rows = long_labels(series, lang)
        names = [t(k, lang) for k in ("positive", "neutral", "negative")]
        return (
            alt.Chart(rows)
            .mark_bar(width={"band": 0.9})
            .encode(
                x=x,
                y=alt.Y("count:Q", title=t("comments", lang), stack="zero"),
                color=alt.Color(
                    "name:N",
                    scale=alt.Scale(domain=names, range=list(COLORS.values())),
                    sort=names,
                ),
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y"),
                    alt.Tooltip("name:N", title=t("sentiment", lang)),
                    alt.Tooltip("count:Q", title=t("count", lang), format=",d"),
                ],
            )
            .properties(height=height)
        )
    frame = _day(series)
    field = "net_index" if metric == "net" else "negative_share"
    title = t("metric_net", lang) if metric == "net" else t("metric_negshare", lang)
    frame["value"] = frame[field] * 100
    color = EVENT_COLOR if metric == "net" else COLORS["negative"]
    base = alt.Chart(frame).encode(x=x)
    line = base.mark_line(color=color, strokeWidth=2, interpolate="monotone").encode(
        y=alt.Y("value:Q", title=title + (" (%)" if metric == "negshare" else ""))
    )
    points = base.mark_circle(size=28, color=color, opacity=0.0).encode(
        y="value:Q",
        tooltip=[
            alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y"),
            alt.Tooltip("value:Q", title=title, format=",.1f"),
            alt.Tooltip("comments:Q", title=t("comments", lang), format=",d"),
        ],
    )
    layers = [line, points]
    if metric == "net":
        zero = alt.Chart(pd.DataFrame({"v": [0]})).mark_rule(color="#9AA3AF").encode(y="v:Q")
        layers.insert(0, zero)
    return alt.layer(*layers).properties(height=height)


def emotion_layer(series: pd.DataFrame, lang: str, x: alt.X, height: int) -> alt.Chart:
    """Comments per emotion per day, stacked (the ``emotion_<code>`` columns of ``series``)."""
    frame = _day(series)
    codes = list(EMOTION_COLORS)
    rows = frame.melt(
        id_vars=["day"],
        value_vars=[EMOTION_PREFIX + c for c in codes],
        var_name="emotion",
        value_name="count",
    )
    rows["emotion"] = rows["emotion"].str.removeprefix(EMOTION_PREFIX)
    rows["name"] = rows["emotion"].map(lambda k: t(f"emo_{k}", lang))
    rows["order"] = rows["emotion"].map({c: i for i, c in enumerate(codes)})
    names = [t(f"emo_{c}", lang) for c in codes]
    return (
        alt.Chart(rows)
        .mark_bar(width={"band": 0.9})
        .encode(
            x=x,
            y=alt.Y("count:Q", title=t("comments", lang), stack="zero"),
            color=alt.Color(
                "name:N",
                title=t("emotion", lang),
                scale=alt.Scale(domain=names, range=list(EMOTION_COLORS.values())),
                sort=names,
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y"),
                alt.Tooltip("name:N", title=t("emotion", lang)),
                alt.Tooltip("count:Q", title=t("count", lang), format=",d"),
            ],
        )
        .properties(height=height)
    )


def label_lanes(
    days: pd.Series, span_days: int, sides: list[str] | None = None, lanes: int = 4
) -> list[int | None]:
    """A text row for each event label so labels of nearby events do not overlap.

    A label covers about a fifth of the chart's width, to the right of its rule (or to the
    left for labels near the right edge); it goes to the first row where it overlaps no other
    label, or gets no label at all (its rule and tooltip remain).
    """
    width = max(1.0, span_days * 0.2)
    taken: list[list[tuple[float, float]]] = [[] for _ in range(lanes)]
    origin = days.min() if len(days) else None
    out: list[int | None] = []
    for i, day in enumerate(days):
        x = float((day - origin).days)
        side = sides[i] if sides else "left"
        lo, hi = (x, x + width) if side == "left" else (x - width, x)
        lane = next(
            (n for n, spans in enumerate(taken) if all(hi <= a or lo >= b for a, b in spans)),
            None,
        )
        if lane is not None:
            taken[lane].append((lo, hi))
        out.append(lane)
    return out


def event_rules(
    events: pd.DataFrame,
    lang: str,
    x_field: str = "day",
    labels: bool = True,
    span_days: int | None = None,
    first_day: pd.Timestamp | None = None,
):
    """News events as vertical rules, labelled in staggered rows (full title in the tooltip)."""
    if events is None or events.empty:
        return None
    frame = events.copy()
    frame["day"] = pd.to_datetime(frame["day"])
    frame = frame.sort_values("day")
    frame["title"] = frame["title"].astype(str)
    rule = (
        alt.Chart(frame)
        .mark_rule(color=EVENT_COLOR, strokeDash=[4, 3], strokeWidth=1.2, opacity=0.8)
        .encode(
            x=alt.X(f"{x_field}:T"),
            tooltip=[
                alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y"),
                alt.Tooltip("title:N", title=t("news_event", lang)),
            ],
        )
    )
    if not labels:
        return rule
    per_day = frame.groupby("day", as_index=False).agg(
        title=("title", "first"), n=("title", "size")
    )
    per_day["label"] = [
        (title if len(title) <= 34 else title[:33].rstrip() + "…")
        + (f" (+{n - 1})" if n > 1 else "")
        for title, n in zip(per_day["title"], per_day["n"], strict=True)
    ]
    if span_days is None:
        span_days = max(1, (frame["day"].max() - frame["day"].min()).days)
    # Labels near the right edge run leftwards from their rule so they stay inside the chart.
    origin = first_day if first_day is not None else frame["day"].min()
    right_edge = origin + pd.Timedelta(days=span_days * 0.72)
    per_day["side"] = ["right" if d > right_edge else "left" for d in per_day["day"]]
    per_day["lane"] = label_lanes(per_day["day"], span_days, list(per_day["side"]))
    per_day = per_day.dropna(subset=["lane"])
    per_day["y"] = per_day["lane"].astype(int) * 14 + 2
    # Labels near the right edge run leftwards from their rule so they stay inside the chart.
    origin = first_day if first_day is not None else frame["day"].min()
    right_edge = origin + pd.Timedelta(days=span_days * 0.72)
    layers = []
    for side, part in (
        ("left", per_day[per_day["day"] <= right_edge]),
        ("right", per_day[per_day["day"] > right_edge]),
    ):
        if part.empty:
            continue
        props = {
            "align": side,
            "baseline": "top",
            "dx": 4 if side == "left" else -4,
            "fontSize": 11,
            "limit": 220,
        }
        enc = {"x": alt.X("day:T"), "y": alt.Y("y:Q", scale=None), "text": "label:N"}
        layers.append(
            alt.Chart(part)
            .mark_text(**props, stroke="white", strokeWidth=3, strokeOpacity=0.9)
            .encode(**enc)
        )
        layers.append(alt.Chart(part).mark_text(**props, color=EVENT_COLOR).encode(**enc))
    return alt.layer(rule, *layers)


def spike_points(spikes: pd.DataFrame, series: pd.DataFrame, metric: str, lang: str):
    """Spike days as marked points on the main panel, with a tooltip."""
    if spikes is None or spikes.empty:
        return None
    frame = _day(series)
    if metric == "stacked":
        frame["value"] = frame["positive"] + frame["neutral"] + frame["negative"]
    elif metric == "emotion":
        frame["value"] = frame[[EMOTION_PREFIX + c for c in EMOTION_COLORS]].sum(axis=1)
    elif metric == "net":
        frame["value"] = frame["net_index"] * 100
    else:
        frame["value"] = frame["negative_share"] * 100
    marks = spikes.copy()
    marks["day"] = pd.to_datetime(marks["day"])
    marks = marks.merge(frame[["day", "value", "comments"]], on="day", how="inner")
    if marks.empty:
        return None
    return (
        alt.Chart(marks)
        .mark_point(shape="triangle-down", size=140, filled=True, color=SPIKE_COLOR, yOffset=-10)
        .encode(
            x="day:T",
            y="value:Q",
            tooltip=[
                alt.Tooltip("day:T", title=t("spike", lang), format="%e %b %Y"),
                alt.Tooltip("what:N", title=t("metric", lang)),
                alt.Tooltip("comments:Q", title=t("comments", lang), format=",d"),
            ],
        )
    )


def complaints_layer(series: pd.DataFrame, lang: str, x: alt.X, height: int) -> alt.Chart:
    frame = _day(series)
    return (
        alt.Chart(frame)
        .mark_bar(color=COMPLAINT_COLOR, width={"band": 0.9})
        .encode(
            x=x,
            y=alt.Y("complaints:Q", title=t("complaints", lang)),
            tooltip=[
                alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y"),
                alt.Tooltip("complaints:Q", title=t("complaints", lang), format=",d"),
                alt.Tooltip("complaints_answered:Q", title=t("ans_answered", lang), format=",d"),
            ],
        )
        .properties(height=height)
    )


def timeline(
    series: pd.DataFrame,
    events: pd.DataFrame | None,
    spikes: pd.DataFrame | None,
    metric: str,
    lang: str,
    *,
    interactive: bool = True,
) -> alt.TopLevelMixin:
    """Sentiment + complaints with event rules and spike marks; a brush below zooms both."""
    brush = alt.selection_interval(encodings=["x"], name="zoom")
    scale = alt.Scale(domain={"param": "zoom"}) if interactive else alt.Undefined
    x = alt.X("day:T", title=None, scale=scale, axis=alt.Axis(format="%e %b %Y", labelAngle=0))
    main_layers = [sentiment_layer(series, metric, lang, x, 300)]
    days = pd.to_datetime(series["day"])
    span = max(1, (days.max() - days.min()).days)
    rules = event_rules(events, lang, span_days=span, first_day=days.min())
    if rules is not None:
        main_layers.append(rules)
    marks = spike_points(spikes, series, metric, lang)
    if marks is not None:
        main_layers.append(marks)
    main = alt.layer(*main_layers).properties(height=300)
    comp_layers = [complaints_layer(series, lang, x, 140)]
    small_rules = event_rules(events, lang, labels=False)
    if small_rules is not None:
        comp_layers.append(small_rules)
    comp = alt.layer(*comp_layers).properties(height=140)
    if not interactive:
        return alt.vconcat(main, comp).resolve_scale(color="independent")
    frame = _day(series)
    overview = (
        alt.Chart(frame)
        .mark_area(color="#9AA3AF", opacity=0.6)
        .encode(
            x=alt.X(
                "day:T",
                title=None,
                axis=alt.Axis(
                    format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 1}
                ),
            ),
            y=alt.Y("comments:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
        )
        .add_params(brush)
        .properties(height=60)
    )
    return alt.vconcat(main, comp, overview, spacing=12).resolve_scale(color="independent")


def small_overview(series: pd.DataFrame, events: pd.DataFrame | None, lang: str) -> alt.Chart:
    """The Morning view's last 30 days: bars by sentiment with news markers."""
    x = alt.X("day:T", title=None, axis=alt.Axis(format="%e %b", labelAngle=0))
    layers = [sentiment_layer(series, "stacked", lang, x, 200)]
    days = pd.to_datetime(series["day"])
    rules = event_rules(
        events, lang, span_days=max(1, (days.max() - days.min()).days), first_day=days.min()
    )
    if rules is not None:
        layers.append(rules)
    return alt.layer(*layers).properties(height=200, width="container")


def event_study(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Days relative to an event (x) against comments and negative share."""
    data = frame.copy()
    data["neg"] = data["negative_share"] * 100
    base = alt.Chart(data).encode(x=alt.X("rel:Q", title=t("days_rel", lang)))
    bars = base.mark_bar(color="#C9CED6", size=16).encode(
        y=alt.Y("comments:Q", title=t("comments", lang)),
        tooltip=[
            alt.Tooltip("rel:Q", title=t("days_rel", lang)),
            alt.Tooltip("comments:Q", title=t("comments", lang), format=",d"),
            alt.Tooltip("neg:Q", title=t("metric_negshare", lang), format=",.1f"),
        ],
    )
    line = base.mark_line(color=COLORS["negative"], point=True).encode(
        y=alt.Y("neg:Q", title=t("metric_negshare", lang) + " (%)")
    )
    zero = (
        alt.Chart(pd.DataFrame({"rel": [0]}))
        .mark_rule(color=EVENT_COLOR, strokeDash=[4, 3])
        .encode(x="rel:Q")
    )
    return alt.layer(bars, line, zero).resolve_scale(y="independent").properties(height=220)


# --- by platform ---------------------------------------------------------------------------------

PLATFORM_COLORS = {
    "instagram": "#C13584",
    "x": "#1D1D1F",
    "youtube": "#E62117",
    "facebook": "#1877F2",
    "tiktok": "#00A3A3",
}
TOTAL_COLOR = "#9AA3AF"


def _platform_scale(names: list[str], codes: list[str]) -> alt.Scale:
    return alt.Scale(domain=names, range=[PLATFORM_COLORS.get(c, TOTAL_COLOR) for c in codes])


def _named(long: pd.DataFrame, label) -> pd.DataFrame:
    frame = _day(long)
    frame["name"] = frame["platform"].map(label)
    return frame


def stacked_by_platform(
    long: pd.DataFrame,
    series: pd.DataFrame,
    events: pd.DataFrame | None,
    spikes: pd.DataFrame | None,
    metric: str,
    lang: str,
    label,
    *,
    interactive: bool = True,
) -> alt.TopLevelMixin:
    """The timeline with each platform's share: comments and complaints stacked by platform
    (metric ``stacked``), else one line per platform beside the line of them all."""
    codes = list(dict.fromkeys(long["platform"]))
    names = [label(c) for c in codes]
    frame = _named(long, label)
    frame["order"] = frame["platform"].map({c: i for i, c in enumerate(codes)})
    brush = alt.selection_interval(encodings=["x"], name="zoom")
    scale = alt.Scale(domain={"param": "zoom"}) if interactive else alt.Undefined
    x = alt.X("day:T", title=None, scale=scale, axis=alt.Axis(format="%e %b %Y", labelAngle=0))
    color = alt.Color("name:N", scale=_platform_scale(names, codes), sort=names)
    tip_day = alt.Tooltip("day:T", title=t("day", lang), format="%e %b %Y")
    tip_name = alt.Tooltip("name:N", title=t("platform", lang))
    if metric == "stacked":
        main = (
            alt.Chart(frame)
            .mark_bar(width={"band": 0.9})
            .encode(
                x=x,
                y=alt.Y("comments:Q", title=t("comments", lang), stack="zero"),
                color=color,
                order=alt.Order("order:Q"),
                tooltip=[
                    tip_day,
                    tip_name,
                    alt.Tooltip("comments:Q", title=t("comments", lang), format=",d"),
                    alt.Tooltip("negative:Q", title=t("negative", lang), format=",d"),
                ],
            )
        )
    else:
        field = "net_index" if metric == "net" else "negative_share"
        title = t("metric_net", lang) if metric == "net" else t("metric_negshare", lang)
        frame["value"] = frame[field] * 100
        total = _day(series)
        total["value"] = total[field] * 100
        all_line = (
            alt.Chart(total)
            .mark_line(color=TOTAL_COLOR, strokeWidth=4, opacity=0.6, interpolate="monotone")
            .encode(x=x, y=alt.Y("value:Q"))
        )
        lines = (
            alt.Chart(frame)
            .mark_line(strokeWidth=1.4, opacity=0.85, point=alt.OverlayMarkDef(size=12))
            .encode(
                x=x,
                y=alt.Y("value:Q", title=title + (" (%)" if metric == "negshare" else "")),
                color=color,
                tooltip=[
                    tip_day,
                    tip_name,
                    alt.Tooltip("value:Q", title=title, format=",.1f"),
                    alt.Tooltip("comments:Q", title=t("comments", lang), format=",d"),
                ],
            )
        )
        main = alt.layer(all_line, lines)
    layers = [main]
    days = pd.to_datetime(series["day"])
    span = max(1, (days.max() - days.min()).days)
    rules = event_rules(events, lang, span_days=span, first_day=days.min())
    if rules is not None:
        layers.append(rules)
    marks = spike_points(spikes, series, metric, lang)
    if marks is not None:
        layers.append(marks)
    top = alt.layer(*layers).properties(height=300)
    comp = (
        alt.Chart(frame)
        .mark_bar(width={"band": 0.9})
        .encode(
            x=x,
            y=alt.Y("complaints:Q", title=t("complaints", lang), stack="zero"),
            color=color,
            order=alt.Order("order:Q"),
            tooltip=[
                tip_day,
                tip_name,
                alt.Tooltip("complaints:Q", title=t("complaints", lang), format=",d"),
                alt.Tooltip("complaints_answered:Q", title=t("ans_answered", lang), format=",d"),
            ],
        )
        .properties(height=140)
    )
    if not interactive:
        return alt.vconcat(top, comp)
    overview = (
        alt.Chart(_day(series))
        .mark_area(color=TOTAL_COLOR, opacity=0.6)
        .encode(
            x=alt.X(
                "day:T",
                title=None,
                axis=alt.Axis(
                    format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 1}
                ),
            ),
            y=alt.Y("comments:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
        )
        .add_params(brush)
        .properties(height=60)
    )
    return alt.vconcat(top, comp, overview, spacing=12)


def platform_panels(
    long: pd.DataFrame,
    events: pd.DataFrame | None,
    spikes: dict[str, pd.DataFrame],
    metric: str,
    lang: str,
    label,
) -> alt.TopLevelMixin:
    """One small timeline per platform (its own scale), one above the other, same days."""
    panels = []
    for code in dict.fromkeys(long["platform"]):
        part = long[long["platform"] == code].drop(columns="platform")
        x = alt.X("day:T", title=None, axis=alt.Axis(format="%e %b %Y", labelAngle=0))
        layers = [sentiment_layer(part, metric, lang, x, 150)]
        rules = event_rules(events, lang, labels=False)
        if rules is not None:
            layers.append(rules)
        marks = spike_points(spikes.get(code), part, metric, lang)
        if marks is not None:
            layers.append(marks)
        panels.append(
            alt.layer(*layers).properties(
                height=150,
                title=alt.TitleParams(
                    label(code), anchor="start", color=PLATFORM_COLORS.get(code, TOTAL_COLOR)
                ),
            )
        )
    return alt.vconcat(*panels, spacing=18).resolve_scale(color="shared")


def type_intervals(table: pd.DataFrame, metric_title: str, lang: str) -> alt.Chart:
    """Content types compared: each type's mean (a point) and its confidence interval (a
    bar), one row per type; ``table`` has ``name``, ``mean``, ``low``, ``high``, ``posts``
    (and ``period`` to show before and after side by side)."""
    frame = table.dropna(subset=["mean"]).copy()
    y = alt.Y(
        "name:N",
        title=None,
        sort=list(dict.fromkeys(frame["name"])),
        axis=alt.Axis(labelLimit=260),
    )
    tooltip = [
        alt.Tooltip("name:N", title=t("ct_types", lang)),
        alt.Tooltip("posts:Q", title=t("ct_col_posts", lang)),
        alt.Tooltip("mean:Q", title=t("ct_col_mean", lang), format=",.1f"),
        alt.Tooltip("low:Q", title=t("ct_col_low", lang), format=",.1f"),
        alt.Tooltip("high:Q", title=t("ct_col_high", lang), format=",.1f"),
    ]
    color = alt.value(EVENT_COLOR)
    if "period" in frame:
        color = alt.Color("period:N", title=None, scale=alt.Scale(range=["#9AA5B8", EVENT_COLOR]))
        tooltip.insert(1, alt.Tooltip("period:N", title=t("ct_col_period", lang)))
    base = alt.Chart(frame).encode(y=y, color=color, tooltip=tooltip)
    if "period" in frame:
        base = base.encode(yOffset=alt.YOffset("period:N"))
    bars = base.mark_rule(strokeWidth=3).encode(x=alt.X("low:Q", title=metric_title), x2="high:Q")
    points = base.mark_point(filled=True, size=70).encode(x="mean:Q")
    rows = frame["name"].nunique() * (2 if "period" in frame else 1)
    return (bars + points).properties(height=max(120, 32 * rows + 30))


def post_hours(hours: pd.DataFrame, lang: str) -> alt.Chart:
    """A post's comments per hour after publishing, its negative ones darker."""
    frame = hours.melt(
        id_vars=["hour"], value_vars=["comments", "negative"], var_name="what", value_name="n"
    )
    names = {"comments": t("ct_col_comments", lang), "negative": t("ct_col_negative", lang)}
    frame["what"] = frame["what"].map(names)
    return (
        alt.Chart(frame)
        .mark_area(opacity=0.75, interpolate="step-after")
        .encode(
            x=alt.X("hour:Q", title=t("ct_hour", lang)),
            y=alt.Y("n:Q", title=None, stack=None),
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(
                    domain=list(names.values()), range=[COLORS["neutral"], COLORS["negative"]]
                ),
            ),
            tooltip=["hour:Q", "what:N", "n:Q"],
        )
        .properties(height=200)
    )
