"""The demo hospital of the core: departments, one user per role, a year of census.

Called by `manage.py seed_demo`; idempotent (codes and usernames are keys).
"""

import datetime as dt
import math
import os
import random

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from hospital.models import DailyCensus, Department, DepartmentKind, User
from hospital.roles import Role

DEFAULT_DEMO_PASSWORD = "hospital-demo"

K = DepartmentKind
# code, name, Chinese name, kind, parent code, staffed beds
DEPARTMENTS = [
    ("IM", "Internal Medicine", "内科", K.CLINICAL, None, 0),
    ("CARD", "Cardiology", "心血管内科", K.CLINICAL, "IM", 40),
    ("RESP", "Respiratory Medicine", "呼吸内科", K.CLINICAL, "IM", 36),
    ("GAST", "Gastroenterology", "消化内科", K.CLINICAL, "IM", 32),
    ("NEPH", "Nephrology", "肾内科", K.CLINICAL, "IM", 24),
    ("ENDO", "Endocrinology", "内分泌科", K.CLINICAL, "IM", 24),
    ("NEUR", "Neurology", "神经内科", K.CLINICAL, "IM", 30),
    ("SURG", "Surgery", "外科", K.CLINICAL, None, 0),
    ("GSUR", "General Surgery", "普通外科", K.CLINICAL, "SURG", 45),
    ("ORTH", "Orthopaedics", "骨科", K.CLINICAL, "SURG", 40),
    ("NSUR", "Neurosurgery", "神经外科", K.CLINICAL, "SURG", 28),
    ("UROL", "Urology", "泌尿外科", K.CLINICAL, "SURG", 26),
    ("CTSU", "Cardiothoracic Surgery", "心胸外科", K.CLINICAL, "SURG", 20),
    ("OBGY", "Obstetrics and Gynaecology", "妇产科", K.CLINICAL, None, 36),
    ("PAED", "Paediatrics", "儿科", K.CLINICAL, None, 30),
    ("ONCO", "Oncology", "肿瘤科", K.CLINICAL, None, 32),
    ("ICU", "Intensive Care Unit", "重症医学科", K.CLINICAL, None, 16),
    ("EMER", "Emergency", "急诊科", K.CLINICAL, None, 12),
    ("LAB", "Laboratory", "检验科", K.MEDICAL_TECHNICAL, None, 0),
    ("RAD", "Radiology", "放射科", K.MEDICAL_TECHNICAL, None, 0),
    ("PHAR", "Pharmacy", "药剂科", K.MEDICAL_TECHNICAL, None, 0),
    ("PATH", "Pathology", "病理科", K.MEDICAL_TECHNICAL, None, 0),
    ("ANES", "Anaesthesiology", "麻醉科", K.MEDICAL_TECHNICAL, None, 0),
    ("NURS", "Nursing Department", "护理部", K.NURSING, None, 0),
    ("OPNU", "Out-patient Nursing", "门诊护理", K.NURSING, "NURS", 0),
    ("THEA", "Operating Theatres", "手术室", K.NURSING, "NURS", 0),
    ("GA", "General Affairs", "总务科", K.LOGISTICS, None, 0),
    ("BME", "Biomedical Engineering", "医学装备部", K.LOGISTICS, "GA", 0),
    ("CSSD", "Central Sterile Supply", "消毒供应中心", K.LOGISTICS, "GA", 0),
    ("CATE", "Catering", "营养膳食科", K.LOGISTICS, "GA", 0),
    ("MAIN", "Facilities Maintenance", "后勤保障科", K.LOGISTICS, "GA", 0),
    ("ADM", "Hospital Administration", "院办", K.ADMINISTRATIVE, None, 0),
    ("HR", "Human Resources", "人力资源部", K.ADMINISTRATIVE, "ADM", 0),
    ("FIN", "Finance", "财务部", K.ADMINISTRATIVE, "ADM", 0),
    ("QUAL", "Quality Office", "质量管理办公室", K.ADMINISTRATIVE, "ADM", 0),
    ("INFC", "Infection Control", "医院感染管理科", K.ADMINISTRATIVE, "QUAL", 0),
    ("IT", "Information Technology", "信息中心", K.ADMINISTRATIVE, "ADM", 0),
    ("MREC", "Medical Records", "病案室", K.ADMINISTRATIVE, "ADM", 0),
]

# username, display name, role, department code, heads that department
DEMO_USERS = [
    ("admin", "Wang Fang (Administrator)", Role.ADMINISTRATOR, "ADM", True),
    ("head_cardiology", "Dr Li Wei (Head of Cardiology)", Role.DEPARTMENT_HEAD, "CARD", True),
    ("head_surgery", "Dr Zhang Min (Head of Surgery)", Role.DEPARTMENT_HEAD, "SURG", True),
    ("head_icu", "Dr Chen Jing (Head of ICU)", Role.DEPARTMENT_HEAD, "ICU", True),
    ("head_respiratory", "Dr Zhao Lei (Head of Respiratory)", Role.DEPARTMENT_HEAD, "RESP", True),
    ("head_laboratory", "Dr Sun Yan (Head of Laboratory)", Role.DEPARTMENT_HEAD, "LAB", True),
    ("head_radiology", "Dr Zhou Tao (Head of Radiology)", Role.DEPARTMENT_HEAD, "RAD", True),
    ("head_pharmacy", "Ma Li (Head of Pharmacy)", Role.DEPARTMENT_HEAD, "PHAR", True),
    ("head_bme", "Guo Qiang (Head of Biomedical Engineering)", Role.DEPARTMENT_HEAD, "BME", True),
    ("nurse_icu", "Liu Yang (ICU nurse)", Role.NURSE, "ICU", False),
    ("nurse_cardiology", "Huang Xin (Cardiology nurse)", Role.NURSE, "CARD", False),
    ("doctor_cardiology", "Dr Wu Hao (Cardiologist)", Role.PHYSICIAN, "CARD", False),
    ("pharmacist", "Xu Jie (Pharmacist)", Role.PHARMACIST, "PHAR", False),
    ("engineer", "He Gang (Biomedical engineer)", Role.BIOMEDICAL_ENGINEER, "BME", False),
    ("quality", "Lin Na (Quality manager)", Role.QUALITY_MANAGER, "QUAL", True),
    ("finance", "Gao Ming (Finance)", Role.FINANCE, "FIN", True),
    ("scheduler", "Tang Hui (HR scheduler)", Role.HR_SCHEDULER, "HR", False),
]

SCALES = {
    "small": {"census_days": 400, "extra_staff": 0, "extra_wards": 0},
    # A large hospital for the load harness (bench/): at least 60 departments, 5,000 staff.
    "large": {"census_days": 3 * 365, "extra_staff": 5000, "extra_wards": 24},
}
# Parents of the large scale's extra wards (clinical departments with sub-wards).
EXTRA_WARD_PARENTS = ("IM", "SURG", "PAED", "ONCO")


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def extra_wards(count: int) -> list[tuple]:
    """The large scale's numbered in-patient wards, spread over the clinical divisions."""
    rows = []
    for i in range(1, count + 1):
        parent = EXTRA_WARD_PARENTS[i % len(EXTRA_WARD_PARENTS)]
        rows.append((f"W{i:02d}", f"Ward {i}", f"第{i}病区", K.CLINICAL, parent, 20 + (i * 7) % 21))
    return rows


@transaction.atomic
def seed_departments(extra: int = 0) -> dict[str, Department]:
    """The department tree; names in Chinese when the hospital's language is Chinese."""
    chinese = settings.LANGUAGE_CODE.lower().startswith("zh")
    by_code: dict[str, Department] = {}
    for code, name, name_zh, kind, parent_code, beds in DEPARTMENTS + extra_wards(extra):
        department = Department.objects.filter(code=code).first() or Department(code=code)
        department.name, department.kind, department.staffed_beds = (name_zh if chinese else name), kind, beds
        department.parent = by_code.get(parent_code)
        department.save()
        by_code[code] = department
    return by_code


@transaction.atomic
def seed_users(departments: dict[str, Department], *, reset_passwords: bool = False) -> list[User]:
    """The demo users; a user who exists keeps their password (and so their sessions)
    unless reset_passwords is true."""
    password = demo_password()
    users = []
    for username, display_name, role, dept_code, is_head in DEMO_USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.display_name = display_name
        user.department = departments[dept_code]
        user.email = f"{username}@hospital.example"
        user.employee_number = f"E{len(users) + 1:05d}"
        user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
        if user.pk is None or reset_passwords:
            user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        if is_head:
            Department.objects.filter(pk=user.department_id).update(head=user)
        users.append(user)
    return users


def seed_extra_staff(departments: dict[str, Department], count: int) -> None:
    """Many plain staff accounts (large scale, for benchmarks); unusable passwords."""
    wards = [d for d in departments.values() if d.kind == DepartmentKind.CLINICAL]
    existing = set(User.objects.filter(username__startswith="staff").values_list("username", flat=True))
    nurse, _created = Group.objects.get_or_create(name=Role.NURSE)
    new = []
    for i in range(count):
        username = f"staff{i:05d}"
        if username not in existing:
            new.append(
                User(
                    username=username,
                    display_name=f"Staff {i}",
                    department=wards[i % len(wards)],
                    employee_number=f"S{i:06d}",
                    password="!",
                )
            )
    User.objects.bulk_create(new, batch_size=1000)
    memberships = User.groups.through
    ids = User.objects.filter(username__in=[u.username for u in new]).values_list("pk", flat=True)
    memberships.objects.bulk_create([memberships(user_id=pk, group_id=nurse.pk) for pk in ids], batch_size=1000)


def seed_census(departments: dict[str, Department], days: int) -> int:
    """Daily census for every ward: about 85% occupancy with a winter peak, ALOS about 8 days."""
    rng = random.Random(20261123)
    today = timezone.localdate()
    wards = [d for d in departments.values() if d.staffed_beds]
    start = today - dt.timedelta(days=days)
    existing = set(DailyCensus.objects.filter(date__gte=start).values_list("department_id", "date"))
    rows = []
    for ward in wards:
        for offset in range(days):
            day = start + dt.timedelta(days=offset + 1)
            if (ward.pk, day) in existing:
                continue
            season = 1 + 0.08 * math.cos((day.timetuple().tm_yday - 15) / 365 * 2 * math.pi)
            inpatients = min(ward.staffed_beds + 2, max(0, round(ward.staffed_beds * 0.84 * season + rng.gauss(0, 2))))
            separations = max(0, round(inpatients / 8 + rng.gauss(0, 1)))
            deaths = 1 if ward.code == "ICU" and rng.random() < 0.15 else 0
            surgeries = round(rng.uniform(2, 8)) if ward.parent and ward.parent.code == "SURG" else 0
            rows.append(
                DailyCensus(
                    department=ward,
                    date=day,
                    inpatients=inpatients,
                    admissions=max(0, separations + rng.choice([-1, 0, 1])),
                    discharges=max(0, separations - deaths),
                    deaths=deaths,
                    transfers_in=rng.choice([0, 0, 1]),
                    transfers_out=rng.choice([0, 0, 1]),
                    outpatient_visits=round(rng.uniform(40, 160)),
                    surgeries=surgeries,
                    staffed_beds=ward.staffed_beds,
                )
            )
    DailyCensus.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def seed(*, scale: str, stdout, reset_passwords: bool = False) -> None:
    size = SCALES[scale]
    departments = seed_departments(size["extra_wards"])
    seed_users(departments, reset_passwords=reset_passwords)
    stdout.write(f"hospital: {len(departments)} departments, {len(DEMO_USERS)} demo users")
    if size["extra_staff"]:
        seed_extra_staff(departments, size["extra_staff"])
        stdout.write(f"hospital: {size['extra_staff']} staff accounts")
    added = seed_census(departments, size["census_days"])
    stdout.write(f"hospital: {added} census days added")
