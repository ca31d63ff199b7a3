"""Downloads of the reports, with the page's filters (performance.downloads, shared with the API)."""

from django.contrib.auth.decorators import login_required

from performance.downloads import report_response


def _download(report: str, file_format: str):
    @login_required
    def view(request):
        return report_response(report, file_format, request.user, request.GET)

    view.__name__ = f"{report}_{file_format}"
    return view


budget_xlsx = _download("budget", "xlsx")
budget_csv = _download("budget", "csv")
costs_xlsx = _download("costs", "xlsx")
costs_csv = _download("costs", "csv")
scorecard_xlsx = _download("scorecard", "xlsx")
scorecard_csv = _download("scorecard", "csv")
