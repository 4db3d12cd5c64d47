"""Learning from the analysts' corrections: re-fit, compare, adopt or discard, roll back.

A correction already wins over the model for the comment it corrects. Once a deployment has
``Settings.min_corrections_to_refit`` corrected comments, ``refit`` fits the learned word
values on them (``monitor.nlp.learn.refit``: the shipped values as the prior, a fixed fifth
of the corrections held out) and stores the result as a *candidate* with its held-out
macro-F1 before (the model in force) and after. ``adopt`` puts a candidate (or an earlier
version) in force and re-scores the stored comments; ``discard`` sets a candidate aside;
``roll_back`` returns to the version in force before, or to the shipped values, and
re-scores too. Versions are kept in ``monitor.store.sentiment_models``; the settings in force
carry the active one's values into every scoring (``monitor.ops.settings.load``).

Who may do this is the app's to decide (analysts, not viewers); ``actor`` is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.core.errors import CitraError
from monitor.nlp import learn
from monitor.ops import rescore
from monitor.ops import settings as settings_mod
from monitor.store import corrections
from monitor.store import sentiment_models as versions_store
from monitor.store.engine import Store
from monitor.store.sentiment_models import ModelVersion


@dataclass(frozen=True)
class Readiness:
    """How many corrections there are and how many a re-fit needs."""

    corrections: int
    needed: int

    @property
    def ready(self) -> bool:
        return self.corrections >= self.needed


def readiness(store: Store, settings: settings_mod.Settings | None = None) -> Readiness:
    settings = settings or settings_mod.load(store)
    return Readiness(corrections.count_corrected(store), settings.min_corrections_to_refit)


def refit(
    store: Store, *, actor: str = "", settings: settings_mod.Settings | None = None
) -> ModelVersion:
    """Re-fit on every corrected comment and store the candidate (``ModelVersion``).

    ``CitraError`` when there are fewer corrections than the settings ask for, or when the
    hash split leaves one side empty (every correction is one repeated text).
    """
    settings = settings or settings_mod.load(store)
    examples = corrections.corrected_examples(store)
    if len(examples) < settings.min_corrections_to_refit:
        raise CitraError(
            f"{len(examples)} corrected comments; a re-fit needs at least "
            f"{settings.min_corrections_to_refit} (Settings)"
        )
    texts = [t for t, _ in examples]
    labels = [lab for _, lab in examples]
    result = learn.refit(
        texts, labels, in_force=settings.learned, lexicon_path=settings.lexicon_path or None
    )
    if not result.held_out_examples or not result.fit_examples:
        raise CitraError(
            f"the {len(examples)} corrections leave no {'held-out' if result.fit_examples else 'fit'}"
            " part (they repeat too few texts); correct more varied comments"
        )
    in_force = versions_store.active_version(store)
    metrics = {**result.metrics(), "in_force": None if in_force is None else in_force.id}
    new_id = versions_store.add_candidate(
        store,
        result.values,
        metrics=metrics,
        fit_examples=result.fit_examples,
        held_out_examples=result.held_out_examples,
        before_macro_f1=result.before_macro_f1,
        after_macro_f1=result.after_macro_f1,
        created_by=actor,
    )
    return versions_store.get_version(store, new_id)


def adopt(
    store: Store, version_id: int, *, actor: str = "", rescore_now: bool = True
) -> rescore.RescoreReport | None:
    """Put a version in force (the one before it is retired); re-score the stored comments
    unless ``rescore_now`` is False (the caller starts ``rescore.start_rescore`` itself)."""
    versions_store.activate(store, version_id, actor=actor, leaving=versions_store.RETIRED)
    return _rescore(store) if rescore_now else None


def discard(store: Store, version_id: int, *, actor: str = "") -> None:
    """Set a candidate aside: kept in the list, never in force."""
    versions_store.discard(store, version_id, actor=actor)


def roll_back(
    store: Store, *, actor: str = "", to_shipped: bool = False, rescore_now: bool = True
) -> tuple[int | None, rescore.RescoreReport | None]:
    """Leave the version in force (it becomes ``rolled_back``) for the one in force before it
    (``versions_store.previous_version``) or, when there is none or ``to_shipped``, the shipped
    values. Returns (the version now in force or None for the shipped values, re-score report)."""
    if versions_store.active_version(store) is None:
        raise CitraError("the shipped values are already in force: nothing to roll back")
    target = None if to_shipped else versions_store.previous_version(store)
    versions_store.activate(store, target, actor=actor, leaving=versions_store.ROLLED_BACK)
    return target, (_rescore(store) if rescore_now else None)


def list_versions(store: Store) -> list[ModelVersion]:
    """Every version, newest first."""
    return versions_store.list_versions(store)


def active_version(store: Store) -> ModelVersion | None:
    """The version in force (None: the shipped values)."""
    return versions_store.active_version(store)


def previous_version(store: Store) -> int | None:
    """The id a roll-back would return to (None: the shipped values)."""
    return versions_store.previous_version(store)


def _rescore(store: Store) -> rescore.RescoreReport:
    return rescore.rescore_comments(store, settings_mod.load(store))
