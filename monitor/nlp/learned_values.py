"""The learned word values in force, as one value: light to import (the store and the settings
carry it without loading the scoring engine)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from monitor.core.errors import CitraError


@dataclass(frozen=True, eq=False)
class LearnedValues:
    """Learned word values that overlay the hand lexicon: per key a valence and neutral
    evidence, and the model's two constants (``bias`` of the raw score, ``neutral_bias`` of the
    neutral evidence; the neutral margin, cap and confidence scale stay those of
    ``sentiment_model.json``).

    The shipped values (``shipped_values``) or a deployment's re-fitted ones; ``digest`` names
    the values (two equal sets of values are the same model), so analysers, stored versions and
    the re-scoring check compare digests, never the dictionaries.
    """

    valence: Mapping[str, float]
    neutral: Mapping[str, float]
    bias: float = 0.0
    neutral_bias: float = 0.0
    digest: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.digest:
            object.__setattr__(self, "digest", _digest_of(self.as_json()))

    def as_json(self) -> dict:
        """The values as one JSON object (keys sorted), as the store keeps them."""
        return {
            "valence": {k: float(self.valence[k]) for k in sorted(self.valence)},
            "neutral": {k: float(self.neutral[k]) for k in sorted(self.neutral)},
            "bias": float(self.bias),
            "neutral_bias": float(self.neutral_bias),
        }

    @classmethod
    def from_json(cls, obj: Mapping) -> LearnedValues:
        """Values from ``as_json``'s object; ``CitraError`` when it is not one."""
        try:
            return cls(
                valence={str(k): float(v) for k, v in obj["valence"].items()},
                neutral={str(k): float(v) for k, v in obj["neutral"].items()},
                bias=float(obj["bias"]),
                neutral_bias=float(obj["neutral_bias"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CitraError(f"learned values: not a stored model ({exc})") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LearnedValues) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)


def _digest_of(obj: dict) -> str:
    encoded = json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
