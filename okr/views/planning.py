"""Planning pages: the forms for cycles, objectives, key results and target changes.

Each saves through one service verb; a refusal shows on the form (ServiceFormMixin)."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, FormView, UpdateView

from hospital.views.mixins import ServiceFormMixin
from okr import access, selectors, services
from okr.forms import CycleForm, KeyResultForm, ObjectiveForm, TargetChangeForm
from okr.models import Cycle, KeyResult


def _changes(form) -> dict:
    """What the user changed on an edit form: the values an update verb takes."""
    return {name: form.cleaned_data[name] for name in form.changed_data}


class CycleManagerMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return access.may_manage_cycles(self.request.user)


class CycleCreateView(CycleManagerMixin, ServiceFormMixin, CreateView):
    model = Cycle
    form_class = CycleForm
    template_name = "okr/cycle_form.html"
    success_message = _("Saved.")

    def get_success_url(self):
        return f"{reverse('okr:cascade')}?cycle={self.object.pk}"

    def save_through_service(self, form):
        return services.create_cycle(user=self.request.user, **form.cleaned_data)


class CycleUpdateView(CycleCreateView, UpdateView):
    def save_through_service(self, form):
        return services.update_cycle(user=self.request.user, cycle=self.object, **_changes(form))


class ObjectiveCreateView(LoginRequiredMixin, ServiceFormMixin, CreateView):
    form_class = ObjectiveForm
    template_name = "okr/objective_form.html"
    success_message = _("Saved.")

    def get_initial(self):
        initial = {"owner": self.request.user}
        own_department = self.request.user.department
        if (
            own_department is not None
            and access.objective_departments(self.request.user).filter(pk=own_department.pk).exists()
        ):
            initial["department"] = own_department
        parent_pk = self.request.GET.get("parent", "")
        # a hand-edited ?parent=… is ignored, never a 500
        parent = (
            selectors.visible_objectives(self.request.user).filter(pk=parent_pk).first()
            if parent_pk.isdigit()
            else None
        )
        if parent is not None:
            initial.update(parent=parent, cycle=parent.cycle)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_through_service(self, form):
        return services.create_objective(user=self.request.user, **form.cleaned_data)


class ObjectiveUpdateView(ObjectiveCreateView, UpdateView):
    def get_initial(self):
        return {}

    def get_object(self, queryset=None):
        objective = get_object_or_404(selectors.visible_objectives(self.request.user), pk=self.kwargs["pk"])
        if not access.may_manage_objective(self.request.user, objective):
            raise PermissionDenied
        return objective

    def save_through_service(self, form):
        return services.update_objective(user=self.request.user, objective=self.object, **_changes(form))


class KeyResultPageMixin(LoginRequiredMixin):
    """Key result pages open on an objective the user may read and manage."""

    template_name = "okr/key_result_form.html"
    success_message = _("Saved.")

    @cached_property
    def objective(self):
        return get_object_or_404(selectors.visible_objectives(self.request.user), pk=self.kwargs["objective_pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access.may_manage_objective(request.user, self.objective):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(objective=self.objective, kr=getattr(self, "key_result", None), **kwargs)

    def get_success_url(self):
        return self.objective.get_absolute_url()


class KeyResultCreateView(KeyResultPageMixin, ServiceFormMixin, CreateView):
    form_class = KeyResultForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "user": self.request.user, "instance": KeyResult(objective=self.objective)}

    def save_through_service(self, form):
        return services.create_key_result(user=self.request.user, objective=self.objective, **form.cleaned_data)


class KeyResultEditMixin(KeyResultPageMixin):
    """Pages of one existing key result (`pk`)."""

    @cached_property
    def key_result(self):
        return get_object_or_404(
            KeyResult.objects.visible_to(self.request.user).select_related("objective__cycle"), pk=self.kwargs["pk"]
        )

    @cached_property
    def objective(self):
        return self.key_result.objective


class KeyResultUpdateView(KeyResultEditMixin, ServiceFormMixin, UpdateView):
    form_class = KeyResultForm

    def get_object(self, queryset=None):
        return self.key_result

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_through_service(self, form):
        return services.update_key_result(user=self.request.user, key_result=self.object, **_changes(form))


class TargetChangeView(KeyResultEditMixin, ServiceFormMixin, FormView):
    form_class = TargetChangeForm
    success_message = _("Target changed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "key_result": self.key_result}

    def save_through_service(self, form):
        return services.change_target(key_result=self.key_result, user=self.request.user, **form.cleaned_data)
