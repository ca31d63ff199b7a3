"""The one chart module: what a reader sees without hovering."""

import re

from hospital import charts


def texts(svg: str, css_class: str) -> list[str]:
    return re.findall(rf'class="{css_class}"[^>]*>([^<]*)<', svg)


def test_trend_chart_labels_its_axes_and_writes_each_value():
    svg = charts.trend_chart([1, 2, None, 4.5], ["Jan", "Feb", "Mar", "Apr"], label="Falls", unit="%")
    assert texts(svg, "chart-x-tick") == ["Jan", "Feb", "Mar", "Apr"]
    assert texts(svg, "chart-y-tick") == ["0", "2", "4", "6"]  # round steps from 0 past the highest value
    assert texts(svg, "chart-value") == ["1", "2", "4.5"]  # the missing month leaves a gap
    assert 'aria-label="Falls"' in svg


def test_reference_line_is_drawn_and_labelled():
    svg = charts.trend_chart([1, 2], ["Jan", "Feb"], label="CLABSI", reference=charts.Reference(3, "Threshold 3"))
    assert 'class="chart-reference"' in svg
    assert "Threshold 3" in svg
    assert "3" in texts(svg, "chart-y-tick")  # the axis reaches the threshold


def test_two_series_get_a_legend_one_does_not():
    one = charts.Line("A", [charts.Point(0, 1), charts.Point(1, 2)])
    two = charts.Line("B", [charts.Point(0, 2), charts.Point(1, 1)])
    single = charts.plot(charts.Plot(label="x", x_min=0, x_max=1, x_ticks=[], lines=[one]))
    double = charts.plot(charts.Plot(label="x", x_min=0, x_max=1, x_ticks=[], lines=[one, two]))
    assert texts(single, "chart-legend") == []
    assert texts(double, "chart-legend") == ["A", "B"]


def test_text_is_escaped():
    svg = charts.bar_chart([charts.Bar("<script>x</script>", 3)], label="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_no_data_draws_nothing():
    assert charts.trend_chart([None, None], ["Jan", "Feb"], label="x") == ""
    assert charts.bar_chart([], label="x") == ""
    assert charts.sparkline([1], label="x") == ""


def test_nice_ticks_are_round_and_cover_the_data():
    assert charts.nice_ticks(0, 87.3) == [0, 25, 50, 75, 100]
    assert charts.nice_ticks(0.1, 0.3) == [0.1, 0.15, 0.2, 0.25, 0.3]
