"""The quality pages, split by behaviour: events (report, review) and dashboards."""
