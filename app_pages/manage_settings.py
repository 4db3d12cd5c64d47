"""Settings (analysts): account, time zone, spike sensitivity, lexicon, privacy and limits, the
digest's public address and spike alerts (``alerts_section``);
re-scoring, and learning from the analysts' corrections (``app_pages._learning``).

The ministry's own account on each platform (whose comments are its replies): the Instagram
handle (``Settings.account``) with any stable ids, and on every other platform its handle
and/or stable ids (``Settings.owners``), each field a comma-separated list checked by
``monitor.ops.settings.check_owners`` before anything is saved. The units that answer
complaints have their own form (``units_section``), checked by ``settings.parse_units``, and
so have the complaints' reply templates, channels and reply target (``replies_section``), checked by
``ops.reply_templates`` (an unknown placeholder is refused with the category and its name).
The content type rules and the follower counts per platform have theirs (``content_section``),
checked by ``nlp.content_types.parse`` and ``settings.parse_followers``.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import available_timezones

import streamlit as st

from app_pages import _data as data
from app_pages import _learning as learning_ui
from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.core.errors import CitraError
from monitor.core.handles import is_stable_id
from monitor.core.platforms import PLATFORMS
from monitor.core.platforms import label as platform_label
from monitor.nlp import content_types, sentiment
from monitor.nlp import rules as complaint_rules
from monitor.ops import reply_templates, rescore
from monitor.ops import settings as settings_mod
from monitor.ops.retention import apply_retention
from monitor.ui.fmt import fmt_int
from monitor.ui.safe_text import md_code, md_text

COMMON_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC")
MAX_OWNER_CHARS = 400


def owner_text(current: settings_mod.Settings, platform: str) -> str:
    """A platform's owner entries as the field shows them (Instagram: the handle first)."""
    entries = list(current.owners.get(platform, []))
    if platform == "instagram":
        entries = [current.account, *(e for e in entries if is_stable_id(platform, e))]
    return ", ".join(e for e in entries if e)


def parse_owners(
    fields: dict[str, str], current: settings_mod.Settings
) -> tuple[str, dict[str, list[str]]]:
    """(Instagram handle, owners) from the fields; ``ValueError`` naming the platform.

    Entries are separated by commas (a Facebook page name may hold spaces). An empty Instagram
    field keeps the current handle; Instagram's other entries must be stable ids.
    """
    account = current.account
    owners: dict[str, list[str]] = {}
    for platform, text in fields.items():
        entries = [e.strip() for e in (text or "").replace("\n", ",").split(",") if e.strip()]
        if platform == "instagram":
            handles = [e for e in entries if not is_stable_id(platform, e)]
            if len(handles) > 1:
                raise ValueError(f"instagram: one handle per platform, not {', '.join(handles)}")
            if handles:
                account = handles[0].lstrip("@")
            entries = [e for e in entries if is_stable_id(platform, e)]
        if entries:
            owners[platform] = entries
    return account, settings_mod.check_owners(owners, account)


def anatomy_fields(current: settings_mod.Settings) -> dict[str, float | int]:
    """The copy-paste campaign rule (``anatomy_*`` settings) as form fields, in their ranges."""
    limits = settings_mod.ANATOMY_LIMITS
    st.markdown(f"**{ui.t('s_anatomy')}**")
    st.caption(ui.t("s_anatomy_help"))
    lo, hi = limits["anatomy_similarity"]
    similarity = st.number_input(
        ui.t("s_anatomy_similarity"),
        lo,
        hi,
        current.anatomy_similarity,
        step=0.05,
        key="anatomy_similarity",
    )
    lo, hi = limits["anatomy_window_minutes"]
    window = st.number_input(
        ui.t("s_anatomy_window"),
        int(lo),
        int(hi),
        current.anatomy_window_minutes,
        step=5,
        key="anatomy_window_minutes",
    )
    lo, hi = limits["anatomy_min_accounts"]
    accounts = st.number_input(
        ui.t("s_anatomy_accounts"),
        int(lo),
        int(hi),
        current.anatomy_min_accounts,
        key="anatomy_min_accounts",
    )
    lo, hi = limits["anatomy_coordinated_share"]
    share = st.number_input(
        ui.t("s_anatomy_share"),
        lo,
        hi,
        current.anatomy_coordinated_share,
        step=0.05,
        key="anatomy_coordinated_share",
    )
    return {
        "anatomy_similarity": float(similarity),
        "anatomy_window_minutes": int(window),
        "anatomy_min_accounts": int(accounts),
        "anatomy_coordinated_share": float(share),
    }


def main() -> None:
    st.title(ui.t("settings_title"))
    if not ui.require_analyst():
        return
    store = data.get_store()
    current = settings_mod.load(store)
    zones = ["", *COMMON_ZONES, *sorted(z for z in available_timezones() if z not in COMMON_ZONES)]
    if current.assume_tz and current.assume_tz not in zones:
        zones.append(current.assume_tz)
    with st.form("settings", border=False):
        left, right = st.columns(2, gap="large")
        with left, st.container(border=True):
            st.markdown(f"**{ui.t('s_account')}**")
            st.caption(ui.t("s_account_help"))
            owner_fields = {
                p: st.text_input(
                    platform_label(p),
                    value=owner_text(current, p),
                    help=ui.t(f"s_owner_{p}_help"),
                    placeholder=ui.t(f"s_owner_{p}_example"),
                    max_chars=MAX_OWNER_CHARS,
                    key=f"owner_{p}",
                )
                for p in PLATFORMS
            }
        with left, st.container(border=True):
            tz = st.selectbox(
                ui.t("s_tz"),
                zones,
                index=zones.index(current.assume_tz),
                format_func=lambda z: z or ui.t("s_tz_default"),
            )
            sensitivity = st.segmented_control(
                ui.t("s_sensitivity"),
                list(settings_mod.SENSITIVITIES),
                default=current.sensitivity,
                format_func=lambda s: ui.t(f"sens_{s}"),
            )
            lexicon = st.text_input(
                ui.t("s_lexicon"), value=current.lexicon_path, max_chars=500, key="lexicon_path"
            )
            before = st.number_input(ui.t("s_window_before"), 0, 14, current.event_window_before)
            after = st.number_input(ui.t("s_window_after"), 0, 14, current.event_window_after)
        with left, st.container(border=True):
            anatomy = anatomy_fields(current)
        with right:
            with st.container(border=True):
                st.markdown(f"**{ui.t('s_privacy')}**")
                pseudo = st.toggle(ui.t("s_pseudo"), value=current.pseudonymise_authors)
                retention = st.number_input(ui.t("s_retention"), 0, 600, current.retention_months)
            with st.container(border=True):
                min_corrections = st.number_input(
                    ui.t("s_min_corrections"),
                    settings_mod.MIN_REFIT_CORRECTIONS,
                    1_000_000,
                    current.min_corrections_to_refit,
                    help=ui.t("s_min_corrections_help"),
                    key="min_corrections",
                )
            with st.container(border=True):
                st.markdown(f"**{ui.t('s_limits')}**")
                max_mb = st.number_input(ui.t("s_max_upload"), 1, 10_000, current.max_upload_mb)
                max_rows = st.number_input(
                    ui.t("s_max_rows"), 1, 100_000_000, current.max_rows_per_import, step=1000
                )
                max_cell = st.number_input(
                    ui.t("s_max_cell"), 100, 10_000_000, current.max_cell_chars, step=1000
                )
        saved = st.form_submit_button(ui.t("save"), type="primary")
    if saved and ui.require_analyst():
        try:
            account, owners = parse_owners(owner_fields, current)
        except ValueError as exc:
            platform = str(exc).removeprefix("owners.").split(":", 1)[0]
            st.error(
                ui.t(
                    "s_owner_invalid",
                    platform=platform_label(platform),
                    message=md_text(str(exc)),
                )
            )
            return
        new = replace(
            current,
            account=account,
            owners=owners,
            assume_tz=tz or "",
            sensitivity=sensitivity or current.sensitivity,
            lexicon_path=lexicon.strip(),
            pseudonymise_authors=bool(pseudo),
            retention_months=int(retention),
            event_window_before=int(before),
            event_window_after=int(after),
            max_upload_mb=int(max_mb),
            max_rows_per_import=int(max_rows),
            max_cell_chars=int(max_cell),
            min_corrections_to_refit=int(min_corrections),
            **anatomy,
        )
        if new.lexicon_path:
            try:  # a file that cannot be read would stop every import
                sentiment.read_lexicon_file(new.lexicon_path)
            except CitraError as exc:
                ui.show_error(exc)
                return
        try:
            settings_mod.save(store, new)
        except ValueError as exc:
            st.error(md_text(str(exc)))
            return
        purged = apply_retention(store)
        st.cache_data.clear()
        ui.flash(
            ui.t("s_saved")
            + (" " + ui.t("s_purged", n=fmt_int(purged, urlstate.lang())) if purged else "")
        )
        st.rerun()
    rescore_section(store)
    learning_ui.learning_section(store)
    units_section(store)
    replies_section(store)
    alerts_section(store)
    content_section(store)
    url = data.get_store().engine.url.render_as_string(hide_password=True)
    st.caption(f"{ui.t('s_store')}: {md_code(url)}")


def units_section(store) -> None:
    """The units and the complaint categories each receives: one ``name: categories`` line
    per unit; nothing is saved unless every line and the whole mapping check out."""
    current = settings_mod.load(store)
    with st.form("units", border=True):
        st.markdown(f"**{ui.t('s_units')}**")
        text = st.text_area(
            ui.t("s_units"),
            value=settings_mod.units_text(current.units),
            help=ui.t("s_units_help", categories=", ".join(complaint_rules.UNIT_CATEGORIES)),
            height=180,
            max_chars=4000,
            label_visibility="collapsed",
            key="units_text",
        )
        st.caption(ui.t("s_units_help", categories=", ".join(complaint_rules.UNIT_CATEGORIES)))
        saved = st.form_submit_button(ui.t("save"), key="units_save")
    if saved and ui.require_analyst():
        try:
            units = settings_mod.parse_units(text)
        except ValueError as exc:
            st.error(ui.t("s_units_invalid", message=md_text(str(exc))))
            return
        settings_mod.save(store, replace(settings_mod.load(store), units=units))
        st.cache_data.clear()
        ui.flash(ui.t("s_saved"))
        st.rerun()


def content_section(store) -> None:
    """The content type rules (the shipped file's form; saving the shipped text keeps the
    shipped file in force) and the follower counts; nothing is saved unless both check out."""
    current = settings_mod.load(store)
    shipped = content_types.DATA.read_text(encoding="utf-8")
    with st.form("content", border=True):
        st.markdown(f"**{ui.t('s_content')}**")
        rules = st.text_area(
            ui.t("s_content_rules"),
            value=settings_mod.content_rules_text(current),
            help=ui.t("s_content_rules_help", types=", ".join(content_types.TYPES)),
            height=220,
            max_chars=content_types.MAX_RULES_CHARS,
            key="content_rules_text",
        )
        followers = st.text_area(
            ui.t("s_followers"),
            value=settings_mod.followers_text(current.followers),
            help=ui.t("s_followers_help"),
            height=100,
            max_chars=1000,
            key="followers_text",
        )
        saved = st.form_submit_button(ui.t("save"), key="content_save")
    if saved and ui.require_analyst():
        override = "" if rules.strip() == shipped.strip() else rules
        try:
            counts = settings_mod.parse_followers(followers)
            new = replace(settings_mod.load(store), content_type_rules=override, followers=counts)
            settings_mod.save(store, new)
        except ValueError as exc:
            st.error(ui.t("s_content_invalid", message=md_text(str(exc))))
            return
        st.cache_data.clear()
        ui.flash(ui.t("s_saved"))
        st.rerun()


def replies_section(store) -> None:
    """The reply template of each complaint category and the channels they name; nothing is
    saved unless every template checks out. Analysts only (the page and the save ask)."""
    current = settings_mod.load(store)
    names = ", ".join(f"{{{p}}}" for p in reply_templates.PLACEHOLDERS)
    with st.form("replies", border=True):
        st.markdown(f"**{ui.t('s_replies')}**")
        st.caption(ui.t("s_replies_help", placeholders=names))
        hotline = st.text_input(
            ui.t("s_reply_hotline", hotline="{hotline}"),
            value=current.reply_hotline,
            max_chars=300,
            key="reply_hotline",
        )
        channel = st.text_input(
            ui.t("s_reply_channel", channel="{channel}"),
            value=current.reply_channel,
            max_chars=300,
            key="reply_channel",
        )
        target = st.number_input(
            ui.t("s_reply_target"),
            1,
            settings_mod.MAX_TARGET_HOURS,
            current.reply_target_hours,
            help=ui.t("s_reply_target_help"),
            key="reply_target_hours",
        )
        texts = {
            cat: st.text_area(
                ui.cat_name(cat),
                value=current.reply_templates.get(cat, ""),
                height=110,
                max_chars=reply_templates.MAX_TEMPLATE_CHARS,
                key=f"reply_tpl_{cat}",
            )
            for cat in complaint_rules.CATEGORIES
        }
        saved = st.form_submit_button(ui.t("save"), key="replies_save")
    if saved and ui.require_analyst():
        new = replace(
            settings_mod.load(store),
            reply_templates=texts,
            reply_hotline=hotline,
            reply_channel=channel,
            reply_target_hours=int(target),
        )
        try:
            settings_mod.save(store, new)
        except ValueError as exc:
            st.error(ui.t("s_replies_invalid", message=md_text(str(exc))))
            return
        ui.flash(ui.t("s_saved"))
        st.rerun()


def alerts_section(store) -> None:
    """The digest's public address, spike alerts on/off and where they go (checked by
    ``settings.check_base_url`` and ``settings.parse_destinations``; nothing saved unless both
    pass). Analysts only (the page and the save ask)."""
    current = settings_mod.load(store)
    with st.form("alerts", border=True):
        st.markdown(f"**{ui.t('s_alerts')}**")
        st.caption(ui.t("s_alerts_help", kinds=", ".join(settings_mod.NOTIFY_KINDS)))
        base_url = st.text_input(
            ui.t("s_public_base_url"),
            value=current.public_base_url,
            max_chars=500,
            placeholder="https://citra.example.go.id",
            key="public_base_url",
        )
        enabled = st.toggle(
            ui.t("s_alerts_enabled"), value=current.alerts_enabled, key="alerts_enabled"
        )
        text = st.text_area(
            ui.t("s_alert_destinations"),
            value=settings_mod.destinations_text(current.alert_destinations),
            height=110,
            max_chars=10_000,
            key="alert_destinations",
        )
        saved = st.form_submit_button(ui.t("save"), key="alerts_save")
    if saved and ui.require_analyst():
        try:
            new = replace(
                settings_mod.load(store),
                public_base_url=settings_mod.check_base_url(base_url),
                alerts_enabled=bool(enabled),
                alert_destinations=settings_mod.parse_destinations(text),
            )
            settings_mod.save(store, new)
        except ValueError as exc:
            st.error(ui.t("s_alerts_invalid", message=md_text(str(exc))))
            return
        ui.flash(ui.t("s_saved"))
        st.rerun()


def rescore_section(store) -> None:
    """Offer to re-score the stored comments when the lexicon changed; a running re-scoring
    (a background thread of this server) shows its progress."""
    job = rescore.current_job(store)
    if job is not None and (job.running or id(job) != st.session_state.get("rescore_seen")):
        rescore_progress(store)
        return
    if rescore.needs_rescore(store):
        with st.container(border=True):
            offer = "s_rescore_emotions" if rescore.unscored_emotions(store) else "s_rescore_offer"
            st.info(ui.t(offer))
            clicked = st.button(ui.t("s_rescore"), key="rescore", icon=":material/refresh:")
            if clicked and ui.require_analyst():
                rescore.start_rescore(store, settings_mod.load(store))
                st.rerun()


@st.fragment(run_every=1.0)
def rescore_progress(store) -> None:
    job = rescore.current_job(store)
    if job is None:
        return
    lang = urlstate.lang()
    if job.running:
        done, total = fmt_int(job.done, lang), fmt_int(job.total, lang)
        st.progress(job.fraction, text=ui.t("s_rescoring", done=done, total=total))
        return
    st.session_state["rescore_seen"] = id(job)
    if job.error is not None:
        ui.show_error(job.error)
        return
    st.cache_data.clear()  # the views read the new scores and aggregates
    report = job.report
    st.success(
        ui.t("s_rescored", n=fmt_int(report.scored, lang), changed=fmt_int(report.changed, lang))
    )


ui.require_shell()
with ui.guarded():
    main()
