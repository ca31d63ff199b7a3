"""The core's pages, one module per kind: accounts, dashboard, notifications,
departments, users, census; `mixins` holds what every app's pages share."""
