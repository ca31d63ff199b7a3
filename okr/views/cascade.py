"""The cascade: the hospital's objectives with each department's aligned objectives beneath."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from okr import access, selectors
from okr.forms import CascadeFilterForm


@login_required
def cascade(request):
    """The hospital's objectives with each department's aligned objectives beneath."""
    form = CascadeFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    cycle = data.get("cycle") or selectors.default_cycle(request.user)
    tree = None
    if cycle is not None:
        tree = selectors.build_cascade(
            selectors.objectives_for(
                request.user, cycle=cycle, department=data.get("department"), kind=data.get("kind", "")
            )
        )
    return render(
        request,
        "okr/cascade.html",
        {
            "form": form,
            "cycle": cycle,
            "cascade": tree,
            "may_manage_cycles": access.may_manage_cycles(request.user),
        },
    )
