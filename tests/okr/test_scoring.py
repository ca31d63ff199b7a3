"""Progress and scores, checked against hand-computed examples (docs/standards.md, section 1)."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from okr.models import Confidence, KeyResultKind, ObjectiveKind
from okr.scoring import (
    automatic_confidence,
    confidence_from_score,
    key_result_progress,
    meets_expectation,
    objective_progress,
    objective_score,
    progress_score,
    range_score,
    score_colour,
    suggested_score,
)


def progress(kind, value, **kw):
    return key_result_progress(kind=kind, value=None if value is None else D(value), **kw)


def test_increase_to_is_share_of_the_way_from_baseline_to_target():
    # satisfaction 80% → 90%: at 86% it is (86-80)/(90-80) = 60%
    assert progress(KeyResultKind.INCREASE, "86", baseline=D(80), target=D(90)) == D("60.00")


def test_decrease_to_surgical_error_rate_halfway_is_fifty_percent():
    # 0.3% → 0.1%: at 0.2%, (0.2-0.3)/(0.1-0.3) = -0.1/-0.2 = 50%
    assert progress(KeyResultKind.DECREASE, "0.2", baseline=D("0.3"), target=D("0.1")) == D("50.00")


def test_decrease_to_days_of_stock():
    # pharmacy days of stock 60 → 39: at 46, (46-60)/(39-60) = 14/21 = 66.67%
    assert progress(KeyResultKind.DECREASE, "46", baseline=D(60), target=D(39)) == D("66.67")


@pytest.mark.parametrize(
    ("kind", "value", "baseline", "target", "expected"),
    [
        (KeyResultKind.INCREASE, "95", 80, 90, "100.00"),  # beyond the target
        (KeyResultKind.INCREASE, "70", 80, 90, "0.00"),  # worse than the baseline
        (KeyResultKind.DECREASE, "0.05", "0.3", "0.1", "100.00"),
        (KeyResultKind.DECREASE, "0.4", "0.3", "0.1", "0.00"),
    ],
)
def test_progress_is_clamped_between_0_and_100(kind, value, baseline, target, expected):
    assert progress(kind, value, baseline=D(baseline), target=D(target)) == D(expected)


def test_keep_within_is_met_or_not():
    bounds = {"lower": D(85), "upper": D(93)}
    assert progress(KeyResultKind.RANGE, "90", **bounds) == 100
    assert progress(KeyResultKind.RANGE, "85", **bounds) == 100
    assert progress(KeyResultKind.RANGE, "94", **bounds) == 0
    # "stay below a line": only an upper bound
    assert progress(KeyResultKind.RANGE, "1", upper=D(2)) == 100


def test_milestone_is_zero_or_hundred():
    assert progress(KeyResultKind.MILESTONE, "1") == 100
    assert progress(KeyResultKind.MILESTONE, "0") == 0


def test_no_check_in_yet_is_zero_progress():
    assert progress(KeyResultKind.INCREASE, None, baseline=D(80), target=D(90)) == 0


def test_objective_progress_is_the_weighted_mean_of_key_results():
    # (50×1 + 100×3) / 4 = 87.5
    krs = [SimpleNamespace(progress=D(50), weight=D(1)), SimpleNamespace(progress=D(100), weight=D(3))]
    assert objective_progress(krs) == D("87.50")


def test_objective_without_key_results_has_zero_progress():
    assert objective_progress([]) == 0


def test_score_is_progress_on_a_0_to_1_scale_with_one_decimal():
    assert progress_score(D("66.67")) == D("0.7")
    assert progress_score(D("50")) == D("0.5")
    assert progress_score(D("100")) == D("1.0")


def test_keep_within_score_is_the_share_of_periods_met():
    # 3 of 4 weekly values within 85–93
    assert range_score([D(86), D(90), D(95), D(88)], D(85), D(93)) == D("0.8")  # 0.75 rounds half up


def test_objective_score_is_weighted():
    # (0.4×1 + 1.0×2)/3 = 0.8
    assert objective_score([(D("0.4"), D(1)), (D("1.0"), D(2))]) == D("0.8")


def test_score_colours_follow_the_usual_reading():
    assert score_colour(D("0.3")) == "danger"
    assert score_colour(D("0.5")) == "warning"
    assert score_colour(D("0.7")) == "success"


def test_aspirational_is_on_target_at_0_7_committed_only_at_1_0():
    assert meets_expectation(D("0.7"), ObjectiveKind.ASPIRATIONAL)
    assert not meets_expectation(D("0.7"), ObjectiveKind.COMMITTED)
    assert meets_expectation(D("1.0"), ObjectiveKind.COMMITTED)


def test_confidence_on_a_0_to_10_scale():
    assert confidence_from_score(8) == Confidence.ON_TRACK
    assert confidence_from_score(5) == Confidence.AT_RISK
    assert confidence_from_score(2) == Confidence.OFF_TRACK


def test_live_confidence_compares_progress_with_time_passed():
    half = D("0.5")  # half the cycle gone: 50% expected
    assert automatic_confidence(kind=KeyResultKind.INCREASE, progress=D(40), elapsed=half) == Confidence.ON_TRACK
    assert automatic_confidence(kind=KeyResultKind.INCREASE, progress=D(25), elapsed=half) == Confidence.AT_RISK
    assert automatic_confidence(kind=KeyResultKind.INCREASE, progress=D(10), elapsed=half) == Confidence.OFF_TRACK


def test_suggested_score_is_progress_in_tenths_or_the_share_of_check_ins_within_the_range():
    # mortality 5% → 3% at 4%: progress 50% → 0.5
    assert suggested_score(kind=KeyResultKind.DECREASE, progress=D("50.00")) == D("0.5")
    # milestone done: progress 100% → 1.0
    assert suggested_score(kind=KeyResultKind.MILESTONE, progress=D(100)) == D("1.0")
    # bed occupancy kept within 85–93%: 86, 90, 95, 88 → three of four met → 0.75 → 0.8
    values = [D(86), D(90), D(95), D(88), None]
    assert suggested_score(kind=KeyResultKind.RANGE, progress=D(0), lower=D(85), upper=D(93), range_values=values) == D(
        "0.8"
    )
    # keep-within without a check-in: nothing was met
    assert suggested_score(kind=KeyResultKind.RANGE, progress=D(100), lower=D(85), upper=D(93)) == D(0)
