"""Upload (analysts): detect, preview, map unknown layouts, import with a report, undo; the
API pulls' last runs and "pull now" (``monitor.collect``).

A detected format names its platform (the format's own, ``Format.platform``); the import
report and the history say which platform each import's comments belong to. Detection never
guesses: a file two formats fit is refused until the analyst names its format here (the
format choice, also there for a file detection gets wrong), and the preview marks the
account's replies by the owners configured for the file's platform, as the import will.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from app_pages import _data as data
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.collect import pull as collect_pull
from monitor.collect import status as collect_status
from monitor.core import platforms
from monitor.core.platforms import label as platform_label
from monitor.ingest import formats, pipeline
from monitor.ingest.formats import mapped
from monitor.ops import retention
from monitor.ops.settings import load as load_settings
from monitor.ops.settings import owner_identities
from monitor.store import comments as comment_store
from monitor.ui.fmt import fmt_date, fmt_datetime, fmt_int, fmt_score
from monitor.ui.safe_text import md_code, md_text, plain_text

REPORTS_KEY = "_citra_import_reports"
PREVIEW_ROWS = 10


def format_platform(name: str) -> str | None:
    """The platform whose comments a format's files hold (None for an unknown layout)."""
    for lookup in (formats.table_format, formats.json_format):
        try:
            return lookup(name).platform
        except KeyError:
            continue
    return None


def format_name(name: str | None) -> str:
    """A format as the format choice shows it: its exporter and platform."""
    if name is None:
        return ui.t("format_auto")
    for lookup in (formats.table_format, formats.json_format):
        try:
            fmt = lookup(name)
        except KeyError:
            continue
        return f"{fmt.label} ({platform_label(fmt.platform)})"
    return name


def _file_key(name: str, data: bytes) -> str:
    return hashlib.sha1(name.encode() + data[:65536] + str(len(data)).encode()).hexdigest()[:12]


def mapping_step(key: str, columns: list[str], suggested: dict[str, str]) -> dict[str, str]:
    """Pick the file's column for each Citra field and the platform of its comments; mappings
    can be saved and reused by name (with their platform)."""
    store = data.get_store()
    st.markdown(f"**{ui.t('mapping_title')}**")
    st.caption(ui.t("mapping_help"))
    saved = comment_store.list_mappings(store)
    base = dict(suggested)
    if saved:
        pick = st.selectbox(
            ui.t("mapping_saved_pick"),
            options=[None, *saved],
            key=f"mapsaved_{key}",
            format_func=lambda n: ui.t("mapping_none") if n is None else plain_text(n),
        )
        if pick:
            base = comment_store.load_mapping(store, pick)
    mapping: dict[str, str] = {}
    cols = st.columns(4)
    options = [None, *columns]
    for i, field in enumerate(mapped.FIELDS):
        current = base.get(field)
        label = ui.t(f"field_{field}") + (" *" if field in mapped.REQUIRED else "")
        chosen = cols[i % 4].selectbox(
            label,
            options=options,
            index=options.index(current) if current in options else 0,
            format_func=lambda c: ui.t("mapping_none") if c is None else plain_text(c),
            key=f"map_{key}_{field}_{base.get(field)}",
        )
        if chosen:
            mapping[field] = chosen
    kept = base.get("platform") if base.get("platform") in platforms.PLATFORMS else None
    mapping["platform"] = st.selectbox(
        ui.t("mapping_platform"),
        options=list(platforms.PLATFORMS),
        index=platforms.PLATFORMS.index(kept or platforms.DEFAULT),
        format_func=platforms.label,
        key=f"map_{key}_platform_{kept}",
    )
    name_col, btn_col = st.columns([3, 1], vertical_alignment="bottom")
    name = name_col.text_input(ui.t("mapping_name"), key=f"mapname_{key}", max_chars=100)
    if btn_col.button(ui.t("save"), key=f"mapsave_{key}", disabled=not name.strip()):
        comment_store.save_mapping(store, name.strip(), mapping)
        st.success(ui.t("saved"))
    return mapping


def file_panel(upload, lang: str) -> dict | None:
    """Detection, mapping and preview of one uploaded file; returns its import plan."""
    settings = load_settings(data.get_store())  # the preview scores with the lexicon in force
    raw = upload.getvalue()
    key = _file_key(upload.name, raw)
    with st.container(border=True):
        # File names, encodings and delimiters come from the upload: shown as text.
        head, choice = st.columns([3, 2], vertical_alignment="center")
        head.markdown(f"**{md_text(upload.name)}** · {fmt_int(len(raw) / 1024, lang)} KB")
        named = choice.selectbox(
            ui.t("format_choice"),
            options=[None, *formats.NAMES],
            format_func=format_name,
            help=ui.t("format_choice_help"),
            key=f"format_{key}",
        )
        try:
            det = pipeline.detect(raw, file_name=upload.name, source_format=named)
        except Exception as exc:
            ui.show_error(exc)
            return None
        platform = format_platform(det.format)
        shown = md_code(det.format)
        if platform is not None and det.format != "unknown":
            shown += f" · **{platform_label(platform)}**"
        st.markdown(ui.t("detected", format=shown))
        if det.kind == "csv":
            st.caption(
                ui.t(
                    "detected_detail",
                    encoding=md_text(det.encoding or "–"),
                    delimiter=md_text(repr(det.delimiter) if det.delimiter else "–"),
                    header=det.header_row + 1,
                )
            )
        mapping = None
        if det.format == "unknown":
            mapping = mapping_step(key, list(det.columns), dict(det.suggested_mapping))
        try:
            frame = pipeline.preview(
                raw,
                file_name=upload.name,
                mapping=mapping,
                n=PREVIEW_ROWS,
                settings=settings,
                owners=owner_identities(settings),
                source_format=named,
            )
        except Exception as exc:
            ui.show_error(exc)
            return None
        st.markdown(f"**{ui.t('preview')}**")
        st.dataframe(preview_table(frame, lang), hide_index=True, width="stretch", height=260)
    return {"name": upload.name, "data": raw, "mapping": mapping, "source_format": named}


def preview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preview rows in the reader's words (day, Jakarta time, label, category); a post
    export's posts as posts (time, caption, media type, counts)."""
    if frame.empty:
        return frame
    if "text" not in frame and "post_id" in frame:
        return post_preview_table(frame, lang)

    def col(name: str, default: object = "") -> pd.Series:
        return frame[name] if name in frame else pd.Series(default, index=frame.index)

    return pd.DataFrame(
        {
            ui.t("day"): col("day").map(lambda d: fmt_date(pd.Timestamp(d).date(), lang)),
            ui.t("when_local"): col("created_at_utc").map(
                lambda ts: fmt_datetime(ui.to_jakarta(ts), lang)
            ),
            ui.t("post"): col("post_id").astype(str),
            ui.t("author"): col("author").astype(str).map(plain_text),
            ui.t("text"): col("text").astype(str),
            ui.t("label"): col("sentiment_label").map(lambda v: ui.t(v) if v else ""),
            ui.t("score"): col("sentiment_score", 0.0).map(lambda v: fmt_score(v, lang)),
            ui.t("category"): [
                ui.cat_name(c) if flag else ""
                for c, flag in zip(
                    col("complaint_category"), col("is_complaint", False), strict=True
                )
            ],
            ui.t("owner_reply"): col("is_owner_reply", False).map(lambda v: "✓" if v else ""),
        }
    )


def post_preview_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A post export's first posts as they would be stored."""

    def col(name: str) -> pd.Series:
        return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)

    return pd.DataFrame(
        {
            ui.t("when_local"): col("published_at").map(
                lambda ts: fmt_datetime(ui.to_jakarta(ts), lang) if pd.notna(ts) else "–"
            ),
            ui.t("post"): col("post_id").astype(str),
            ui.t("ct_col_text"): [
                plain_text(c if isinstance(c, str) else t if isinstance(t, str) else "", 200)
                for c, t in zip(col("caption"), col("title"), strict=True)
            ],
            "Media": col("media_type").fillna("").astype(str),
            ui.t("ct_col_likes"): col("like_count"),
            ui.t("ct_col_comments"): col("comment_count"),
        }
    )


def run_imports(plans: list[dict], lang: str) -> None:
    reports = []
    bar = st.progress(0.0)
    for i, plan in enumerate(plans):
        text = ui.t("importing", file=md_text(plan["name"]))
        bar.progress(i / len(plans), text=text)

        def step(fraction: float, i: int = i, text: str = text) -> None:
            bar.progress(min((i + max(0.0, min(fraction, 1.0))) / len(plans), 1.0), text=text)

        try:
            report = pipeline.import_file(
                data.get_store(),
                plan["data"],
                file_name=plan["name"],
                mapping=plan["mapping"],
                source_format=plan["source_format"],
                imported_by=ui.current_user(),
                progress=step,
            )
            reports.append(("ok", report.to_dict()))
        except Exception as exc:
            reports.append(
                (
                    "error",
                    {"file_name": plan["name"], "message": str(exc), "kind": type(exc).__name__},
                )
            )
    if any(status == "ok" for status, _ in reports):
        retention.apply_retention(data.get_store())  # imported comments past the retention period
    names = ", ".join(md_text(p["name"]) for p in plans)
    bar.progress(1.0, text=ui.t("import_done", file=names))
    st.session_state[REPORTS_KEY] = reports


def show_reports(lang: str) -> None:
    reports = st.session_state.get(REPORTS_KEY) or []
    if not reports:
        return
    st.subheader(ui.t("import_report"))
    for status, rep in reports:
        with st.container(border=True):
            if status == "error":
                st.error(ui.t("error_generic", message=md_text(rep["message"])))
                continue
            st.markdown(
                f"**{md_text(rep['file_name'])}** · {md_code(rep['source_format'])}"
                f" · {platform_label(rep['platform'])} · #{rep['import_id']}"
            )
            if rep.get("kind") == "posts":
                st.caption(ui.t("ct_post_file"))
            cols = st.columns(5)
            for col, field in zip(
                cols,
                ("rows_read", "rows_new", "rows_updated", "rows_duplicate", "rows_rejected"),
                strict=True,
            ):
                col.metric(ui.t(field), fmt_int(rep[field], lang))
            if rep["rejections"]:
                st.markdown(f"**{ui.t('rejections')}**")
                st.dataframe(
                    pd.DataFrame(rep["rejections"], columns=[ui.t("row"), ui.t("reason")]),
                    hide_index=True,
                    width="stretch",
                )


def _secrets() -> dict:
    """The secrets as plain dicts; none configured is a normal laptop install."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all
        return {}


def run_pulls(secrets: dict) -> None:
    """Every source set up, now, with a progress bar; one message per source."""
    bar = st.progress(0.0)
    names = collect_status.source_status(data.get_store(), secrets)

    def step(source: str, share: float, what: str) -> None:
        i = next((n for n, s in enumerate(names) if s.source == source), 0)
        text = ui.t("pull_running", source=platform_label(source))
        bar.progress(min((i + max(0.0, min(share, 1.0))) / max(len(names), 1), 1.0), text=text)

    results = collect_pull.pull_all(
        data.get_store(), secrets, imported_by=ui.current_user(), progress=step
    )
    bar.progress(1.0, text=ui.t("pull_finished"))
    if any(r.import_id is not None for r in results):
        retention.apply_retention(data.get_store())
    for r in results:
        values = {
            "source": platform_label(r.source),
            "new": fmt_int(r.rows_new, urlstate.lang()),
            "updated": fmt_int(r.rows_updated, urlstate.lang()),
            "message": md_text(r.message),
        }
        if r.status == "failed":
            st.error(ui.t("pull_result_failed", **values))
        elif r.status == "stopped":
            st.warning(ui.t("pull_result_stopped", **values))
        else:
            st.success(ui.t("pull_result_done", **values))


def pulls(lang: str) -> None:
    """The API sources' last pulls and the "pull now" button."""
    st.subheader(ui.t("pull_title"))
    secrets = _secrets()
    if not collect_status.source_status(data.get_store(), secrets):
        st.caption(ui.t("pull_none"))
        return
    if (
        st.button(
            ui.t("pull_now"),
            key="pull_now",
            help=ui.t("pull_now_help"),
            icon=":material/cloud_download:",
        )
        and ui.require_analyst()
    ):
        run_pulls(secrets)
    rows = collect_status.source_status(data.get_store(), secrets)
    table = pd.DataFrame(
        {
            ui.t("pull_source"): [platform_label(s.source) for s in rows],
            ui.t("pull_last"): [
                fmt_datetime(s.last_pull_jakarta, lang) if s.last else ui.t("pull_never")
                for s in rows
            ],
            ui.t("status"): [ui.t(f"pull_status_{s.last.status}") if s.last else "" for s in rows],
            ui.t("rows_new"): [s.last.rows_new if s.last else 0 for s in rows],
            ui.t("rows_updated"): [s.last.rows_updated if s.last else 0 for s in rows],
            ui.t("pull_note"): [
                plain_text(s.problem or (s.last.message if s.last else ""), 300) for s in rows
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")


def history(lang: str) -> None:
    st.subheader(ui.t("history"))
    frame = pipeline.list_imports(data.get_store())
    if frame.empty:
        st.caption(ui.t("history_empty"))
        return
    table = pd.DataFrame(
        {
            "#": frame["id"],
            ui.t("file"): frame["file_name"].astype(str),
            ui.t("platform"): frame["platform"].astype(str).map(platform_label),
            ui.t("format"): frame["source_format"].astype(str),
            ui.t("when"): frame["started_at"].map(lambda d: fmt_datetime(d, lang) + " UTC"),
            ui.t("rows_new"): frame["rows_new"],
            ui.t("rows_duplicate"): frame["rows_duplicate"],
            ui.t("rows_rejected"): frame["rows_rejected"],
            ui.t("by"): frame["imported_by"].astype(str),
            ui.t("status"): frame["status"].map(lambda s: ui.t(f"status_{s}")),
            ui.t("demo_badge"): frame["is_demo"].map(lambda d: "✓" if d else ""),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    active = frame[frame["status"] != "undone"]
    if active.empty:
        return
    names = {int(r.id): f"#{r.id} · {plain_text(r.file_name, 120)}" for r in active.itertuples()}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    pick = c1.selectbox(
        ui.t("undo_pick"), options=list(names), format_func=names.get, key="undo_pick"
    )
    if c2.button(ui.t("undo"), key="undo_button", icon=":material/undo:") and pick is not None:
        if not ui.require_analyst():
            return
        pipeline.undo_import(data.get_store(), int(pick))
        st.session_state.pop(REPORTS_KEY, None)
        ui.flash(ui.t("undo_done", id=pick))
        st.rerun()


def main() -> None:
    lang = urlstate.lang()
    st.title(ui.t("upload_title"))
    if not ui.require_analyst():
        return
    limit_mb = load_settings(data.get_store()).max_upload_mb
    uploads = st.file_uploader(
        ui.t("upload_files"),
        type=["csv", "xlsx", "json", "jsonl", "ndjson", "txt", "tsv"],
        accept_multiple_files=True,
        key="uploads",
        max_upload_size=limit_mb,
    )
    plans = []
    for upload in uploads or []:
        plan = file_panel(upload, lang)
        if plan:
            plans.append(plan)
    if (
        plans
        and st.button(
            ui.t("import_all") if len(plans) > 1 else ui.t("import"),
            type="primary",
            key="import_button",
            icon=":material/download_done:",
        )
        and ui.require_analyst()
    ):
        run_imports(plans, lang)
    show_reports(lang)
    st.divider()
    pulls(lang)
    st.divider()
    history(lang)


ui.require_shell()
with ui.guarded():
    main()
