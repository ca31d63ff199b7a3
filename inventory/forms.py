"""Forms of the inventory pages: phone first, the scan field first, laid out by the
templates field by field (`submit_label = None`). The rules are the services'."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from hospital.forms import CrispyFormMixin
from hospital.models import Department, User
from inventory import access
from inventory.models import Item, Store, Supplier


class ScanField(forms.CharField):
    """Where a scanner types a GS1 barcode; inventory/scan.js fills the other fields from it."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Scan"),
            required=False,
            max_length=200,
            help_text=_("Scan the GS1 barcode, or type it with the AIs in brackets: (01)…(17)…(10)…"),
            widget=forms.TextInput(attrs={"data-scan": "1", "autocomplete": "off", "autofocus": True}),
            **kwargs,
        )


def _item_field(**kwargs):
    return forms.ModelChoiceField(
        label=_("Item"),
        queryset=Item.objects.active().order_by("name"),
        widget=forms.Select(attrs={"data-fill": "item"}),
        **kwargs,
    )


def _quantity_field(label=None, **kwargs):
    return forms.IntegerField(
        label=label or _("Quantity"),
        min_value=1,
        max_value=10_000_000,
        widget=forms.NumberInput(attrs={"data-fill": "quantity"}),
        **kwargs,
    )


def _serials_field(**kwargs):
    """High-value items: one serial per unit, one a line; each scan (GS1 AI 21) adds a line."""
    return forms.CharField(
        label=_("Serial numbers"),
        required=False,
        max_length=20_000,
        help_text=_("High-value items only: one serial number per unit, one a line (a scan adds it)."),
        widget=forms.Textarea(attrs={"rows": 2, "data-fill": "serial", "data-fill-append": "1"}),
        **kwargs,
    )


class IssueForm(CrispyFormMixin, forms.Form):
    submit_label = None

    scan = ScanField()
    store = forms.ModelChoiceField(label=_("From store"), queryset=Store.objects.none())
    item = _item_field()
    quantity = _quantity_field()
    department = forms.ModelChoiceField(label=_("To department"), queryset=Department.objects.none())
    second_signatory = forms.ModelChoiceField(
        label=_("Second signatory"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Controlled substances: another pharmacist signs too."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    serials = _serials_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.kept_by(user).filter(is_active=True)
        self.fields["department"].queryset = Department.objects.active()
        self.fields["second_signatory"].queryset = access.signatories(user)


class ReceiptForm(CrispyFormMixin, forms.Form):
    """One delivered line, inspected: accepted into stock, rejected with a reason."""

    submit_label = None

    scan = ScanField()
    store = forms.ModelChoiceField(label=_("Into store"), queryset=Store.objects.none())
    supplier = forms.ModelChoiceField(
        label=_("Supplier"), queryset=Supplier.objects.filter(is_active=True), required=False
    )
    delivery_note = forms.CharField(label=_("Delivery note"), max_length=60, required=False)
    item = _item_field()
    lot_number = forms.CharField(
        label=_("Lot number"), max_length=20, required=False, widget=forms.TextInput(attrs={"data-fill": "lot"})
    )
    expiry = forms.DateField(
        label=_("Expiry"), required=False, widget=forms.DateInput(attrs={"type": "date", "data-fill": "expiry"})
    )
    quantity_accepted = _quantity_field(label=_("Accepted"))
    serials = _serials_field()
    quantity_rejected = forms.IntegerField(
        label=_("Rejected"), min_value=0, max_value=10_000_000, initial=0, required=False
    )
    rejection_reason = forms.CharField(label=_("Why rejected"), max_length=200, required=False)
    unit_cost = forms.DecimalField(label=_("Unit cost"), min_value=0, max_digits=12, decimal_places=4)
    shelf_life_override = forms.CharField(
        label=_("Short shelf life accepted because"),
        max_length=200,
        required=False,
        help_text=_("Needed only when the lot expires sooner than the minimum remaining shelf life."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = Store.objects.kept_by(user).filter(is_active=True)


class RequisitionForm(CrispyFormMixin, forms.Form):
    submit_label = None

    ward = forms.ModelChoiceField(label=_("Ward store"), queryset=Store.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = access.requisition_wards(user).order_by("name")


class RequisitionLineForm(CrispyFormMixin, forms.Form):
    submit_label = None

    scan = ScanField()
    item = _item_field(required=False)
    quantity = _quantity_field(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].widget.attrs.pop("autofocus", None)

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("quantity"):
            self.add_error("quantity", _("Enter the quantity."))
        return data


RequisitionLineFormSet = formset_factory(RequisitionLineForm, extra=3, max_num=30, absolute_max=30)


class FulfilForm(forms.Form):
    """Quantities to send per requisition line (fields named line_<id>); a high-value
    item's line also names its serials (serials_<id>, with its own scan field scan_<id>)."""

    def __init__(self, *args, requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(requisition.lines.select_related("item").order_by("id"))
        for line in self.lines:
            owed = line.quantity_requested - line.quantity_issued
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=str(line.item), min_value=0, max_value=owed, initial=owed, required=False
            )
            if line.item.is_high_value:
                self.fields[f"scan_{line.pk}"] = ScanField()
                self.fields[f"scan_{line.pk}"].widget.attrs.pop("autofocus", None)
                self.fields[f"serials_{line.pk}"] = _serials_field()
                for name in (f"scan_{line.pk}", f"serials_{line.pk}"):
                    self.fields[name].widget.attrs["class"] = "form-control"

    def rows(self):
        """Per line: its quantity field, and its scan and serials fields (high-value items)."""
        for line in self.lines:
            extra = (self[f"scan_{line.pk}"], self[f"serials_{line.pk}"]) if line.item.is_high_value else (None, None)
            yield (self[f"line_{line.pk}"], *extra)

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}

    def serials(self) -> dict[int, str]:
        return {
            line.pk: self.cleaned_data.get(f"serials_{line.pk}") or "" for line in self.lines if line.item.is_high_value
        }


class BarcodeForm(forms.Form):
    code = forms.CharField(max_length=200, strip=False)


class CountForm(CrispyFormMixin, forms.Form):
    """One lot counted: scan it, type the count."""

    submit_label = None

    scan = ScanField()
    item = _item_field()
    lot_number = forms.CharField(
        label=_("Lot number"), max_length=20, widget=forms.TextInput(attrs={"data-fill": "lot"})
    )
    counted = forms.IntegerField(label=_("Counted"), min_value=0, max_value=10_000_000)


class CountImportForm(CrispyFormMixin, forms.Form):
    submit_label = None

    file = forms.FileField(
        label=_("Count sheet (CSV or XLSX)"),
        help_text=_("Columns: item (code or GTIN), lot, counted. Every wrong line is listed at once."),
    )


class PostStocktakeForm(CrispyFormMixin, forms.Form):
    submit_label = None

    reason = forms.CharField(label=_("Reason for differences"), max_length=200)


class TransferForm(CrispyFormMixin, forms.Form):
    submit_label = None

    scan = ScanField()
    source = forms.ModelChoiceField(label=_("From store"), queryset=Store.objects.none())
    destination = forms.ModelChoiceField(label=_("To store"), queryset=Store.objects.none())
    item = _item_field()
    quantity = _quantity_field()
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    serials = _serials_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Store.objects.kept_by(user).filter(is_active=True)
        self.fields["destination"].queryset = Store.objects.filter(is_active=True)


class OrderReceiptLineForm(forms.Form):
    """One line of an order as delivered: blank accepted and rejected = not delivered now.
    The rules (lot and expiry for drugs, shelf life, rejection reason) are the service's."""

    lot_number = forms.CharField(label=_("Lot number"), max_length=20, required=False)
    expiry = forms.DateField(label=_("Expiry"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    quantity_accepted = forms.IntegerField(label=_("Accepted"), min_value=0, max_value=10_000_000, required=False)
    quantity_rejected = forms.IntegerField(label=_("Rejected"), min_value=0, max_value=10_000_000, required=False)
    rejection_reason = forms.CharField(label=_("Why rejected"), max_length=200, required=False)
    unit_cost = forms.DecimalField(label=_("Unit cost"), min_value=0, max_digits=12, decimal_places=4, required=False)
    shelf_life_override = forms.CharField(label=_("Short shelf life accepted because"), max_length=200, required=False)
    serials = _serials_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # a row of a table: small inputs, each labelled for screen readers
            field.widget.attrs.update({"class": "form-control form-control-sm", "aria-label": str(field.label)})

    @property
    def is_delivered(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("quantity_accepted") or data.get("quantity_rejected"))


OrderReceiptLineFormSet = formset_factory(OrderReceiptLineForm, extra=0, max_num=500, validate_max=True)


class OrderReceiptForm(forms.Form):
    delivery_note = forms.CharField(label=_("Delivery note"), max_length=60, required=False)
