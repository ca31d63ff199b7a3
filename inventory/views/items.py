"""The catalogue: item list (search, filters, pages) and the item page (balances, ledger)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from hospital.pagination import PAGE_SIZE, paginate
from inventory import access, selectors
from inventory.models import Category, Item
from inventory.views.filters import ITEM_SORTING


@login_required
def item_list(request):
    search = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    controlled = request.GET.get("controlled", "")
    items = selectors.items_with_stock(request.user, search=search, category=category, controlled=controlled)
    sort = ITEM_SORTING.from_request(request)
    page = paginate(request, sort.apply(items))
    return render(
        request,
        "inventory/item_list.html",
        {"page_obj": page, "items": page, "categories": Category.choices, "search": search, "sort": sort},
    )


@login_required
def item_detail(request, pk):
    item = get_object_or_404(Item, pk=pk)
    balances = selectors.balances(request.user, item=str(item.pk))
    ledger = paginate(request, selectors.item_ledger(request.user, item))
    serials = None
    if item.is_high_value:  # where each unit is; its own page number (`serials_page`)
        serials = Paginator(selectors.serials(request.user, item=str(item.pk)), PAGE_SIZE).get_page(
            request.GET.get("serials_page")
        )
    return render(
        request,
        "inventory/item_detail.html",
        {
            "item": item,
            "balances": balances,
            "total_value": selectors.total_value(balances) if access.may_see_values(request.user) else None,
            "page_obj": ledger,
            "movements": ledger,
            "show_values": access.may_see_values(request.user),
            "serials": serials,
        },
    )
