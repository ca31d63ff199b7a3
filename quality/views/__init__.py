"""The quality pages, split by behaviour: events (report, review), dashboards,
surveillance (infections), satisfaction (surveys) and exports. No views module imports
another: what they share lives in quality.access, selectors and forms."""
