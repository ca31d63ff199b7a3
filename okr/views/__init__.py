"""OKR pages, one module per behaviour: cascade, objective page, weekly check-ins,
planning forms and reviews. No views module imports another; what two share lives
in okr.access, okr.selectors or okr.forms."""
