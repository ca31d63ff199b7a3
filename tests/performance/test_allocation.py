"""Direct and step-down allocation, checked against hand-computed examples (DOMAIN.md, section 5),
and conservation to the cent for any drivers and amounts."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.allocation import AllocationError, Step, allocate, direct_method, split, step_down

# The worked example of DOMAIN.md: Administration and Logistics support Medicine and Surgery.
WORKED_DIRECT = {
    "Administration": D("100000.00"),
    "Logistics": D("60000.00"),
    "Medicine": D("300000.00"),
    "Surgery": D("400000.00"),
}
WORKED_STEPS = [
    Step("Administration", {"Logistics": D(10), "Medicine": D(30), "Surgery": D(60)}),  # headcount
    Step("Logistics", {"Medicine": D(600), "Surgery": D(400)}),  # floor area, m²
]


def test_step_down_on_the_worked_example():
    result = step_down(WORKED_DIRECT, WORKED_STEPS)
    administration, logistics = result.steps
    assert administration.shares == {"Logistics": D("10000.00"), "Medicine": D("30000.00"), "Surgery": D("60000.00")}
    assert logistics.amount == D("70000.00")  # its own 60,000 and 10,000 from Administration
    assert logistics.shares == {"Medicine": D("42000.00"), "Surgery": D("28000.00")}
    assert result.final == {
        "Administration": D("0.00"),
        "Logistics": D("0.00"),
        "Medicine": D("372000.00"),
        "Surgery": D("488000.00"),
    }
    assert result.total_before == result.total_after == D("860000.00")


def test_direct_method_on_the_worked_example_sends_nothing_to_logistics():
    # Administration's 100,000 by headcount to Medicine 30 and Surgery 60 only:
    # 33,333.333… and 66,666.666…; floors 33,333.33 and 66,666.66, the cent left goes to
    # the larger remainder (Surgery's .666… > Medicine's .333…).
    # Logistics' own 60,000 by floor area 600 : 400 = 36,000 and 24,000.
    result = direct_method(WORKED_DIRECT, WORKED_STEPS)
    assert result.steps[0].shares == {"Medicine": D("33333.33"), "Surgery": D("66666.67")}
    assert result.steps[1].shares == {"Medicine": D("36000.00"), "Surgery": D("24000.00")}
    assert result.final["Medicine"] == D("369333.33")  # 300,000 + 33,333.33 + 36,000
    assert result.final["Surgery"] == D("490666.67")  # 400,000 + 66,666.67 + 24,000
    assert result.total_after == D("860000.00")


SECOND_DIRECT = {
    "Admin": D("1000.00"),
    "Pharmacy": D("500.00"),
    "Lab": D("300.00"),
    "Ward X": D("2000.00"),
    "Ward Y": D("1000.00"),
}
SECOND_STEPS = [
    Step("Admin", {"Pharmacy": D(1), "Lab": D(1), "Ward X": D(1), "Ward Y": D(0)}),
    Step("Pharmacy", {"Lab": D(0), "Ward X": D(3), "Ward Y": D(4)}),
    Step("Lab", {"Ward X": D(1), "Ward Y": D(1)}),
]


def test_step_down_on_a_second_example_with_rounding_in_every_step():
    # 1. Admin 1,000.00 in three equal shares: 333.33 each and one cent left; the remainders
    #    tie, so it goes to the first in order, Pharmacy: 333.34 / 333.33 / 333.33; Ward Y 0.
    # 2. Pharmacy 500.00 + 333.34 = 833.34 by 3 : 4 → 357.1457… and 476.1942…: floors
    #    357.14 + 476.19 = 833.33, the cent to the larger remainder (Ward X): 357.15 / 476.19.
    # 3. Lab 300.00 + 333.33 = 633.33 halved: 316.665 each; floors 316.66, the cent to the
    #    first (Ward X): 316.67 / 316.66.
    # Ward X = 2,000 + 333.33 + 357.15 + 316.67 = 3,007.15; Ward Y = 1,000 + 476.19 + 316.66 = 1,792.85.
    result = step_down(SECOND_DIRECT, SECOND_STEPS)
    admin, pharmacy, lab = result.steps
    assert admin.shares == {"Pharmacy": D("333.34"), "Lab": D("333.33"), "Ward X": D("333.33")}
    assert pharmacy.amount == D("833.34")
    assert pharmacy.shares == {"Ward X": D("357.15"), "Ward Y": D("476.19")}
    assert lab.amount == D("633.33")
    assert lab.shares == {"Ward X": D("316.67"), "Ward Y": D("316.66")}
    assert result.final["Ward X"] == D("3007.15")
    assert result.final["Ward Y"] == D("1792.85")
    assert result.total_before == result.total_after == D("4800.00")
    assert result.received("Ward X") == D("1007.15")


def test_a_closed_department_receives_nothing_more():
    # Pharmacy's driver names Admin, already closed: Admin gets nothing back.
    steps = [Step("Admin", {"Pharmacy": D(1), "Ward": D(1)}), Step("Pharmacy", {"Admin": D(5), "Ward": D(1)})]
    result = step_down({"Admin": D("10.00"), "Pharmacy": D("0.00"), "Ward": D("0.00")}, steps)
    assert result.final == {"Admin": D("0.00"), "Pharmacy": D("0.00"), "Ward": D("10.00")}


def test_same_input_gives_the_same_cents():
    assert step_down(SECOND_DIRECT, SECOND_STEPS).as_json() == step_down(SECOND_DIRECT, SECOND_STEPS).as_json()


def test_split_of_a_credit_keeps_its_sign():
    assert split(D("-1.00"), [("a", D(1)), ("b", D(1)), ("c", D(1))]) == {
        "a": D("-0.34"),
        "b": D("-0.33"),
        "c": D("-0.33"),
    }


def test_support_costs_with_nobody_to_receive_them_are_refused():
    with pytest.raises(AllocationError) as error:
        step_down({"Admin": D("5.00"), "Ward": D("1.00")}, [Step("Admin", {"Ward": D(0)})])
    assert error.value.department == "Admin"


def test_a_zero_cost_support_department_needs_no_driver():
    result = step_down({"Admin": D("0.00"), "Ward": D("1.00")}, [Step("Admin", {})])
    assert result.final == {"Admin": D("0.00"), "Ward": D("1.00")}


def test_negative_driver_and_fractions_of_a_cent_are_refused():
    with pytest.raises(AllocationError):
        split(D("1.00"), [("a", D(-1)), ("b", D(2))])
    with pytest.raises(AllocationError):
        step_down({"Admin": D("1.005"), "Ward": D("0")}, [Step("Admin", {"Ward": D(1)})])


def test_a_department_twice_in_the_order_is_refused():
    with pytest.raises(AllocationError):
        step_down(WORKED_DIRECT, [WORKED_STEPS[0], WORKED_STEPS[0]])


def test_unknown_method_is_refused():
    with pytest.raises(AllocationError):
        allocate("reciprocal", WORKED_DIRECT, WORKED_STEPS)


money = st.decimals(min_value=D("-1000"), max_value=D("9999999.99"), places=2, allow_nan=False, allow_infinity=False)
driver = st.decimals(min_value=D(0), max_value=D("100000"), places=4, allow_nan=False, allow_infinity=False)


@st.composite
def hospitals(draw):
    n_support = draw(st.integers(min_value=0, max_value=5))
    n_revenue = draw(st.integers(min_value=1, max_value=6))
    support = [f"S{i}" for i in range(n_support)]
    revenue = [f"R{i}" for i in range(n_revenue)]
    direct = {d: draw(money) for d in support + revenue}
    steps = []
    for source in support:
        weights = {d: draw(driver) for d in support + revenue if d != source}
        # at least one revenue department with a positive driver, so every method can allocate
        weights[draw(st.sampled_from(revenue))] = draw(driver) + 1
        steps.append(Step(source, weights))
    return direct, steps


@settings(max_examples=300, deadline=None)
@given(hospitals(), st.sampled_from(["direct", "step_down"]))
def test_allocation_conserves_total_cost_to_the_cent(hospital, method):
    direct, steps = hospital
    result = allocate(method, direct, steps)
    assert result.total_after == result.total_before == sum(direct.values(), D("0.00"))
    for step in result.steps:
        assert sum(step.shares.values(), D("0.00")) == step.amount
        assert all(v == v.quantize(D("0.01")) for v in step.shares.values())
    # every support department ends empty
    assert all(result.final[s.source] == 0 for s in steps)
