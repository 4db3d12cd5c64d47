"""The Settings page's section on learning from the analysts' corrections (analysts only).

What it shows: the corrections counted against ``Settings.min_corrections_to_refit``, the
model in force, the pending candidate with its held-out macro-F1 before and after (and n), and
every version. What it does is ``monitor.ops.learning``'s: re-fit, adopt, discard, roll back;
adopting and rolling back start the page's re-scoring (``rescore.start_rescore``), whose
progress the Settings page already shows. Each action checks the role again when its button
is pressed, and acts on the versions as the store holds them at that moment (the candidate
shown, the version before the one in force), never on an id a request could carry.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import _urlstate as urlstate
from app_pages import _widgets as ui
from monitor.core.errors import CitraError
from monitor.ops import learning, rescore
from monitor.ops import settings as settings_mod
from monitor.ui.fmt import fmt_datetime, fmt_int, fmt_number
from monitor.ui.safe_text import md_text, plain_text


def _f1(value: float | None, lang: str) -> str:
    return "–" if value is None else fmt_number(value, lang, digits=3)


def learning_section(store) -> None:
    """The section; nothing at all for a viewer."""
    if not ui.can_edit():
        return
    lang = urlstate.lang()
    settings = settings_mod.load(store)
    ready = learning.readiness(store, settings)
    versions = learning.list_versions(store)
    active = next((v for v in versions if v.status == "active"), None)
    candidate = next((v for v in versions if v.status == "candidate"), None)
    job = rescore.current_job(store)
    busy = job is not None and job.running
    with st.container(border=True):
        st.markdown(f"**{ui.t('learn_title')}**")
        st.caption(ui.t("learn_help"))
        if active is None:
            st.markdown(ui.t("learn_in_force_shipped"))
        else:
            st.markdown(
                ui.t(
                    "learn_in_force",
                    id=active.id,
                    when=fmt_datetime(active.adopted_at, lang),
                    who=md_text(active.adopted_by or "–"),
                )
            )
        st.markdown(
            ui.t(
                "learn_corrections",
                n=fmt_int(ready.corrections, lang),
                needed=fmt_int(ready.needed, lang),
            )
        )
        if busy:
            st.info(ui.t("learn_busy"))
        elif candidate is not None:
            _candidate(store, candidate, lang)
        elif ready.ready:
            if st.button(ui.t("learn_refit"), key="learn_refit", icon=":material/model_training:"):
                _act(store, "refit")
        else:
            st.info(ui.t("learn_not_yet", more=fmt_int(ready.needed - ready.corrections, lang)))
        if versions:
            st.markdown(f"**{ui.t('learn_versions')}**")
            st.dataframe(_table(versions, lang), hide_index=True, width="stretch")
        if active is not None and not busy:
            previous = learning.previous_version(store)
            left, right = st.columns(2)
            if previous is not None and left.button(
                ui.t("learn_rollback", id=previous), key="learn_rollback", icon=":material/undo:"
            ):
                _act(store, "rollback")
            if right.button(ui.t("learn_shipped"), key="learn_shipped", icon=":material/restore:"):
                _act(store, "shipped")


def _candidate(store, v, lang: str) -> None:
    st.markdown(
        ui.t(
            "learn_candidate",
            id=v.id,
            n=fmt_int(v.held_out_examples, lang),
            before=_f1(v.before_macro_f1, lang),
            after=_f1(v.after_macro_f1, lang),
            fit=fmt_int(v.fit_examples, lang),
        )
    )
    left, right = st.columns(2)
    if left.button(ui.t("learn_adopt"), key="learn_adopt", type="primary", icon=":material/check:"):
        _act(store, "adopt")
    if right.button(ui.t("learn_discard"), key="learn_discard", icon=":material/close:"):
        _act(store, "discard")


def _table(versions, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui.t("learn_col_id"): [v.id for v in versions],
            ui.t("learn_col_status"): [ui.t(f"learn_status_{v.status}") for v in versions],
            ui.t("learn_col_created"): [fmt_datetime(v.created_at, lang) for v in versions],
            ui.t("learn_col_by"): [plain_text(v.created_by or "–") for v in versions],
            ui.t("learn_col_before"): [_f1(v.before_macro_f1, lang) for v in versions],
            ui.t("learn_col_after"): [_f1(v.after_macro_f1, lang) for v in versions],
            ui.t("learn_col_held_out"): [v.held_out_examples for v in versions],
            ui.t("learn_col_fit"): [v.fit_examples for v in versions],
            ui.t("learn_col_adopted"): [
                fmt_datetime(v.adopted_at, lang) if v.adopted_at else "–" for v in versions
            ],
        }
    )


def _act(store, action: str) -> None:
    """One action, for an analyst only, on the versions as they are now; then rerun."""
    if not ui.require_analyst():
        return
    actor = ui.current_user() or "analyst"
    try:
        if action == "refit":
            v = learning.refit(store, actor=actor)
            message = ui.t("learn_refitted", id=v.id)
        elif action in ("adopt", "discard"):
            candidate = next(
                (v for v in learning.list_versions(store) if v.status == "candidate"), None
            )
            if candidate is None:
                raise CitraError("there is no candidate to adopt or discard")
            if action == "discard":
                learning.discard(store, candidate.id, actor=actor)
                message = ui.t("learn_discarded", id=candidate.id)
            else:
                learning.adopt(store, candidate.id, actor=actor, rescore_now=False)
                message = ui.t("learn_adopted", id=candidate.id)
        else:
            target, _ = learning.roll_back(
                store, actor=actor, to_shipped=action == "shipped", rescore_now=False
            )
            message = (
                ui.t("learn_rolled_back_shipped")
                if target is None
                else ui.t("learn_rolled_back_to", id=target)
            )
    except CitraError as exc:
        ui.show_error(exc)
        return
    if action in ("adopt", "rollback", "shipped"):
        rescore.start_rescore(store, settings_mod.load(store))
    st.cache_data.clear()
    ui.flash(message)
    st.rerun()
