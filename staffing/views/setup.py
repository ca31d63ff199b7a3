"""What schedulers maintain: shift types (hospital-wide: HR schedulers and administrators),
each department's coverage and work rules, and staff profiles with their certifications
(HR schedulers, administrators and the department's head). Each page reads a form and calls
the same service as the API; a refusal comes back on the form (400, 403, 409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hospital.errors import DomainError
from hospital.forms import add_domain_error
from hospital.models import Department, User
from hospital.pagination import paginate
from staffing import access, forms, services
from staffing.models import Certification, CoverageRule, ShiftType, StaffProfile, WorkRules


def _scheduler(request) -> None:
    if not access.may_schedule_anything(request.user):
        raise PermissionDenied


def _department(request, pk) -> Department:
    """A department the user schedules: 404 if it does not exist, 403 if not theirs."""
    department = get_object_or_404(Department, pk=pk, is_active=True)
    if not access.may_schedule(request.user, department):
        raise PermissionDenied
    return department


def _saved(request, form, save, done: str, *, template: str, context: dict, to: str, form_name="form", **args):
    """Save a valid form through `save(cleaned_data)`, or show the form again with the reason."""
    status = 400
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status_code
        else:
            messages.success(request, done)
            return redirect(to, **args)
    return render(request, template, {**context, form_name: form}, status=status)


@login_required
def setup(request):
    """Shift types, the departments the user schedules (their coverage and work rules), staff."""
    _scheduler(request)
    departments = access.scheduled_departments(request.user).annotate(rules=Count("coverage_rules"))
    context = {
        "shift_types": ShiftType.objects.order_by("sort_order", "code"),
        "may_edit_shift_types": access.may_manage_shift_types(request.user),
        "page_obj": (page := paginate(request, departments)),
        "departments": page,
    }
    return render(request, "staffing/setup.html", context)


@login_required
def shift_type_edit(request, pk=None):
    if not access.may_manage_shift_types(request.user):
        raise PermissionDenied
    shift_type = get_object_or_404(ShiftType, pk=pk) if pk else None
    context = {"title": str(shift_type) if shift_type else _("New shift type"), "back": "staffing:setup"}
    if request.method != "POST":
        form = forms.ShiftTypeForm(instance=shift_type)
        return render(request, "staffing/setup_form.html", {**context, "form": form})
    form = forms.ShiftTypeForm(request.POST, instance=shift_type or ShiftType())

    def save(data):
        services.save_shift_type(user=request.user, shift_type=shift_type, **data)

    return _saved(
        request,
        form,
        save,
        _("Shift type saved."),
        template="staffing/setup_form.html",
        context=context,
        to="staffing:setup",
    )


def _coverage_rule_page(request, department, rule, *, template: str, context: dict):
    """Show the form of a new (`rule` None) or existing coverage rule, or save it."""
    if request.method != "POST":
        return render(request, template, {**context, "form": forms.CoverageRuleForm(instance=rule)})
    return _saved(
        request,
        forms.CoverageRuleForm(request.POST, instance=rule),
        lambda data: services.save_coverage_rule(user=request.user, rule=rule, department=department, **data),
        _("Coverage rule saved."),
        template=template,
        context=context,
        to="staffing:coverage_rules",
        department=department.pk,
    )


@login_required
def coverage_rules(request, department):
    """A department's coverage rules, and a new one."""
    department = _department(request, department)
    rules = CoverageRule.objects.filter(department=department).select_related("shift_type", "skill")
    page = paginate(request, rules)
    context = {"department": department, "page_obj": page, "rules": page, "title": _("New coverage rule")}
    return _coverage_rule_page(request, department, None, template="staffing/coverage_rules.html", context=context)


@login_required
def coverage_rule_edit(request, pk):
    rule = get_object_or_404(CoverageRule.objects.select_related("department"), pk=pk)
    department = _department(request, rule.department_id)
    context = {"title": _("Coverage rule of %s") % department, "back": "staffing:setup"}
    return _coverage_rule_page(request, department, rule, template="staffing/setup_form.html", context=context)


@login_required
@require_POST
def coverage_rule_delete(request, pk):
    rule = get_object_or_404(CoverageRule.objects.select_related("department"), pk=pk)
    department = _department(request, rule.department_id)
    services.delete_coverage_rule(user=request.user, rule=rule)
    messages.success(request, _("Coverage rule deleted."))
    return redirect("staffing:coverage_rules", department=department.pk)


@login_required
def work_rules(request, department=None):
    """A department's work rules (its own, else the hospital default's values), or the
    hospital default (`department` None: HR schedulers and administrators)."""
    if department is None:
        if not access.may_manage_shift_types(request.user):
            raise PermissionDenied
        target, current = None, WorkRules.objects.get(department__isnull=True)
        title = _("Hospital default work rules")
    else:
        target = _department(request, department)
        current = services.work_rules_for(target)
        title = _("Work rules of %s") % target
    context = {"title": title, "back": "staffing:setup"}
    if request.method != "POST":
        return render(request, "staffing/setup_form.html", {**context, "form": forms.WorkRulesForm(instance=current)})
    form = forms.WorkRulesForm(request.POST, instance=current)
    return _saved(
        request,
        form,
        lambda data: services.save_work_rules(user=request.user, department=target, **data),
        _("Work rules saved."),
        template="staffing/setup_form.html",
        context=context,
        to="staffing:setup",
    )


@login_required
def staff_list(request):
    """Staff of the departments the user schedules, with their contract and skills."""
    _scheduler(request)
    people = (
        User.objects.filter(access.schedule_scope(request.user), is_active=True)
        .select_related("department", "staff_profile")
        .prefetch_related("staff_profile__skills")
        .order_by("department__code", "display_name", "username")
    )
    page = paginate(request, people)
    return render(request, "staffing/staff_list.html", {"page_obj": page, "people": page})


def _person(request, pk) -> User:
    person = get_object_or_404(User.objects.select_related("department"), pk=pk, is_active=True)
    if not access.may_manage_certifications(request.user, person):
        raise PermissionDenied
    return person


def _profile_page(person: User, *, form=None, certification_form=None) -> dict:
    """The profile page's two forms, each posting to its own address."""
    form = form or forms.StaffProfileForm(instance=StaffProfile.objects.filter(user=person).first())
    certification_form = certification_form or forms.CertificationForm()
    form.helper.form_action = reverse("staffing:staff_profile", args=[person.pk])
    certification_form.helper.form_action = reverse("staffing:certification_add", args=[person.pk])
    return {
        "person": person,
        "certifications": Certification.objects.filter(person=person).order_by("kind", "-issued"),
        "form": form,
        "certification_form": certification_form,
    }


@login_required
def staff_profile(request, pk):
    """One person's profile (job, grade, contract hours, FTE, skills) and certifications."""
    person = _person(request, pk)
    if request.method != "POST":
        return render(request, "staffing/staff_profile.html", _profile_page(person))
    form = forms.StaffProfileForm(request.POST, instance=StaffProfile.objects.filter(user=person).first())
    return _saved(
        request,
        form,
        lambda data: services.save_staff_profile(user=request.user, person=person, **data),
        _("Profile saved."),
        template="staffing/staff_profile.html",
        context=_profile_page(person, form=form),
        to="staffing:staff_profile",
        pk=person.pk,
    )


@login_required
@require_POST
def certification_add(request, pk):
    person = _person(request, pk)
    form = forms.CertificationForm(request.POST)
    return _saved(
        request,
        form,
        lambda data: services.add_certification(user=request.user, person=person, **data),
        _("Certification added."),
        template="staffing/staff_profile.html",
        context=_profile_page(person, certification_form=form),
        to="staffing:staff_profile",
        form_name="certification_form",
        pk=person.pk,
    )


@login_required
@require_POST
def certification_delete(request, pk):
    certification = get_object_or_404(Certification.objects.select_related("person__department"), pk=pk)
    person = _person(request, certification.person_id)
    services.delete_certification(user=request.user, certification=certification)
    messages.success(request, _("Certification removed."))
    return redirect("staffing:staff_profile", pk=person.pk)
