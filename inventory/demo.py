"""Demo data of the inventory app: about 300 drugs and consumables with valid GTINs, a
central warehouse, the pharmacy and ward stores, suppliers, and a year of orders,
receipts and issues in which the pharmacy's stock cover falls from about 60 to about
39 days (the pharmacy's OKR); lots near expiry, a few expired, a short-dated one at risk.

Called by `manage.py seed_demo` after the core; idempotent (runs only while there is no
store). The year is simulated in memory lot by lot, earliest expiry first, and written
in bulk (fast on SQLite too), so every balance equals the sum of its ledger. Today's
requisitions go through the services. Only `--scale small` exists so far.
"""

import datetime as dt
import random
import uuid
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from hospital.demo import demo_password
from hospital.models import Department, User
from hospital.roles import Role
from inventory import gs1, measures, services
from inventory.models import (
    Category,
    Item,
    Lot,
    MovementKind,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    StockBalance,
    StockMovement,
    Storage,
    Store,
    StoreKind,
    Supplier,
    VedClass,
)

DAYS = 365
START_COVER, END_COVER = 60, 39  # days of stock the pharmacy orders up to, a year ago and now
R, F, FR = Storage.ROOM, Storage.REFRIGERATED, Storage.FROZEN
# generic name, strengths, form, base unit, pack, unit cost (CNY) of the first strength,
# daily use, storage, VED, shelf life (days)
DRUGS = [
    ("Amoxicillin", ["250 mg", "500 mg"], "capsule", "capsule", 24, "0.35", 120, R, "E", 900),
    ("Amoxicillin-clavulanate", ["625 mg", "1 g"], "tablet", "tablet", 14, "1.20", 60, R, "E", 720),
    ("Cefuroxime", ["250 mg", "500 mg"], "tablet", "tablet", 12, "1.60", 40, R, "E", 900),
    ("Ceftriaxone", ["1 g", "2 g"], "vial for injection", "vial", 10, "6.50", 45, R, "V", 900),
    ("Cefazolin", ["1 g"], "vial for injection", "vial", 10, "4.80", 30, R, "V", 900),
    ("Piperacillin-tazobactam", ["4.5 g"], "vial for injection", "vial", 10, "38.00", 18, R, "V", 720),
    ("Meropenem", ["500 mg", "1 g"], "vial for injection", "vial", 10, "55.00", 8, R, "V", 720),
    ("Vancomycin", ["500 mg", "1 g"], "vial for injection", "vial", 10, "42.00", 6, R, "V", 720),
    ("Azithromycin", ["250 mg", "500 mg"], "tablet", "tablet", 6, "2.10", 25, R, "E", 900),
    ("Levofloxacin", ["500 mg"], "tablet", "tablet", 10, "1.90", 20, R, "E", 900),
    ("Metronidazole", ["500 mg/100 mL"], "infusion bag", "bag", 20, "3.40", 15, R, "E", 720),
    (
        "Sodium chloride 0.9%",
        ["100 mL", "250 mL", "500 mL", "1000 mL"],
        "infusion bag",
        "bag",
        20,
        "2.20",
        300,
        R,
        "V",
        720,
    ),
    ("Glucose 5%", ["250 mL", "500 mL"], "infusion bag", "bag", 20, "2.60", 120, R, "V", 720),
    ("Ringer's lactate", ["500 mL", "1000 mL"], "infusion bag", "bag", 20, "3.10", 80, R, "V", 720),
    ("Potassium chloride", ["10 mL 10%"], "ampoule", "ampoule", 10, "0.90", 50, R, "V", 900),
    ("Insulin glargine", ["100 IU/mL 3 mL pen"], "pen", "pen", 5, "180.00", 6, F, "V", 540),
    ("Insulin aspart", ["100 IU/mL 3 mL pen"], "pen", "pen", 5, "75.00", 8, F, "V", 540),
    ("Heparin sodium", ["5,000 IU/mL", "12,500 IU/2 mL"], "vial", "vial", 10, "15.00", 25, R, "V", 720),
    (
        "Enoxaparin",
        ["40 mg/0.4 mL", "60 mg/0.6 mL", "80 mg/0.8 mL"],
        "prefilled syringe",
        "syringe",
        10,
        "28.00",
        30,
        R,
        "V",
        720,
    ),
    ("Morphine hydrochloride", ["10 mg/mL"], "ampoule", "ampoule", 10, "4.50", 8, R, "V", 900),
    ("Fentanyl citrate", ["0.1 mg/2 mL"], "ampoule", "ampoule", 10, "12.00", 6, R, "V", 900),
    ("Pethidine", ["50 mg/mL"], "ampoule", "ampoule", 10, "6.00", 3, R, "E", 900),
    ("Midazolam", ["5 mg/mL", "15 mg/3 mL"], "ampoule", "ampoule", 10, "9.00", 10, R, "V", 900),
    ("Propofol", ["200 mg/20 mL"], "ampoule", "ampoule", 5, "32.00", 12, R, "V", 720),
    ("Paracetamol", ["500 mg"], "tablet", "tablet", 20, "0.12", 200, R, "E", 1080),
    ("Paracetamol", ["1 g/100 mL"], "infusion", "bottle", 10, "18.00", 20, R, "E", 720),
    ("Ibuprofen", ["200 mg", "400 mg"], "tablet", "tablet", 24, "0.25", 80, R, "D", 1080),
    ("Tramadol", ["50 mg"], "capsule", "capsule", 10, "0.80", 30, R, "E", 900),
    ("Omeprazole", ["20 mg"], "capsule", "capsule", 14, "0.45", 90, R, "E", 900),
    ("Pantoprazole", ["40 mg"], "vial for injection", "vial", 10, "9.50", 30, R, "E", 720),
    ("Ondansetron", ["4 mg/2 mL", "8 mg/4 mL"], "ampoule", "ampoule", 10, "3.50", 30, R, "E", 900),
    ("Metoclopramide", ["10 mg/2 mL"], "ampoule", "ampoule", 10, "0.70", 20, R, "D", 900),
    ("Furosemide", ["20 mg/2 mL", "40 mg"], "ampoule", "ampoule", 10, "0.90", 40, R, "V", 900),
    ("Amlodipine", ["5 mg", "10 mg"], "tablet", "tablet", 28, "0.30", 100, R, "E", 1080),
    ("Metoprolol", ["25 mg", "47.5 mg"], "tablet", "tablet", 28, "0.40", 90, R, "E", 1080),
    ("Atorvastatin", ["20 mg", "40 mg"], "tablet", "tablet", 28, "0.55", 110, R, "E", 1080),
    ("Aspirin", ["100 mg"], "tablet", "tablet", 30, "0.10", 150, R, "V", 1080),
    ("Clopidogrel", ["75 mg"], "tablet", "tablet", 28, "1.80", 70, R, "V", 1080),
    ("Ticagrelor", ["90 mg"], "tablet", "tablet", 14, "6.20", 20, R, "V", 900),
    ("Warfarin", ["2.5 mg", "3 mg"], "tablet", "tablet", 30, "0.25", 25, R, "V", 1080),
    ("Rivaroxaban", ["10 mg", "20 mg"], "tablet", "tablet", 14, "9.00", 25, R, "V", 900),
    ("Amiodarone", ["150 mg/3 mL", "200 mg"], "ampoule", "ampoule", 10, "5.00", 10, R, "V", 900),
    ("Nitroglycerin", ["5 mg/mL"], "ampoule", "ampoule", 10, "3.20", 10, R, "V", 720),
    ("Dopamine", ["20 mg/2 mL"], "ampoule", "ampoule", 10, "1.50", 8, R, "V", 720),
    ("Norepinephrine", ["2 mg/mL"], "ampoule", "ampoule", 10, "6.00", 12, R, "V", 720),
    ("Epinephrine", ["1 mg/mL"], "ampoule", "ampoule", 10, "1.80", 10, R, "V", 540),
    ("Atropine", ["0.5 mg/mL"], "ampoule", "ampoule", 10, "0.60", 6, R, "V", 900),
    ("Dexamethasone", ["5 mg/mL"], "ampoule", "ampoule", 10, "0.50", 40, R, "E", 900),
    ("Methylprednisolone", ["40 mg", "500 mg"], "vial for injection", "vial", 1, "12.00", 15, R, "E", 720),
    ("Hydrocortisone", ["100 mg"], "vial for injection", "vial", 1, "8.00", 8, R, "V", 720),
    ("Salbutamol", ["100 mcg/dose inhaler", "2.5 mg/2.5 mL nebule"], "inhaler", "inhaler", 1, "22.00", 10, R, "V", 720),
    ("Ipratropium", ["500 mcg/2 mL nebule"], "nebule", "nebule", 20, "2.80", 20, R, "E", 720),
    ("Budesonide", ["1 mg/2 mL nebule"], "nebule", "nebule", 20, "6.50", 20, R, "E", 720),
    ("Metformin", ["500 mg", "850 mg"], "tablet", "tablet", 30, "0.20", 100, R, "E", 1080),
    ("Gliclazide", ["30 mg"], "tablet", "tablet", 30, "0.60", 30, R, "E", 1080),
    ("Levothyroxine", ["50 mcg", "100 mcg"], "tablet", "tablet", 30, "0.45", 30, R, "E", 720),
    ("Oxytocin", ["10 IU/mL"], "ampoule", "ampoule", 10, "2.40", 10, F, "V", 540),
    ("Lidocaine", ["2% 5 mL", "1% 20 mL"], "ampoule", "ampoule", 10, "0.80", 40, R, "V", 900),
    ("Ropivacaine", ["75 mg/10 mL"], "ampoule", "ampoule", 5, "18.00", 10, R, "E", 720),
    ("Tranexamic acid", ["500 mg/5 mL"], "ampoule", "ampoule", 10, "3.00", 15, R, "V", 900),
    ("Albumin human 20%", ["50 mL"], "bottle", "bottle", 1, "380.00", 4, F, "V", 720),
    ("Vitamin K1", ["10 mg/mL"], "ampoule", "ampoule", 10, "1.20", 6, R, "E", 720),
    ("Magnesium sulfate", ["25% 10 mL"], "ampoule", "ampoule", 10, "0.80", 8, R, "V", 900),
    ("Sodium bicarbonate", ["5% 250 mL"], "bottle", "bottle", 10, "4.50", 6, R, "V", 720),
    ("Mannitol 20%", ["250 mL"], "bottle", "bottle", 10, "6.00", 6, R, "E", 720),
    ("Chlorhexidine", ["2% 500 mL"], "bottle", "bottle", 12, "14.00", 15, R, "E", 720),
    ("Povidone-iodine", ["5% 500 mL"], "bottle", "bottle", 12, "11.00", 12, R, "E", 720),
    ("Hepatitis B vaccine", ["10 mcg/0.5 mL"], "vial", "vial", 10, "26.00", 3, F, "E", 365),
    ("Clindamycin", ["150 mg", "300 mg"], "capsule", "capsule", 12, "1.10", 15, R, "E", 900),
    ("Doxycycline", ["100 mg"], "tablet", "tablet", 10, "0.60", 10, R, "E", 900),
    ("Fluconazole", ["150 mg", "200 mg/100 mL"], "capsule", "capsule", 7, "3.20", 8, R, "E", 900),
    ("Aciclovir", ["200 mg", "400 mg", "250 mg vial"], "tablet", "tablet", 25, "0.90", 10, R, "E", 900),
    ("Gentamicin", ["80 mg/2 mL"], "ampoule", "ampoule", 10, "1.10", 8, R, "E", 900),
    ("Amikacin", ["200 mg/2 mL"], "ampoule", "ampoule", 10, "3.60", 6, R, "E", 900),
    ("Linezolid", ["600 mg", "600 mg/300 mL"], "tablet", "tablet", 10, "45.00", 3, R, "V", 720),
    ("Esomeprazole", ["20 mg", "40 mg", "40 mg vial"], "tablet", "tablet", 14, "2.80", 40, R, "E", 900),
    ("Ranitidine", ["150 mg"], "tablet", "tablet", 30, "0.20", 10, R, "D", 900),
    ("Lactulose", ["667 mg/mL 100 mL"], "oral solution", "bottle", 1, "16.00", 6, R, "D", 720),
    ("Loperamide", ["2 mg"], "capsule", "capsule", 12, "0.50", 8, R, "D", 1080),
    ("Simvastatin", ["20 mg"], "tablet", "tablet", 28, "0.35", 20, R, "E", 1080),
    ("Rosuvastatin", ["10 mg", "20 mg"], "tablet", "tablet", 28, "1.60", 50, R, "E", 1080),
    ("Bisoprolol", ["2.5 mg", "5 mg"], "tablet", "tablet", 30, "0.70", 60, R, "E", 1080),
    ("Valsartan", ["80 mg", "160 mg"], "capsule", "capsule", 28, "1.20", 50, R, "E", 1080),
    ("Losartan", ["50 mg", "100 mg"], "tablet", "tablet", 28, "0.90", 40, R, "E", 1080),
    ("Enalapril", ["5 mg", "10 mg"], "tablet", "tablet", 28, "0.25", 20, R, "E", 1080),
    ("Spironolactone", ["20 mg", "25 mg"], "tablet", "tablet", 30, "0.30", 30, R, "E", 1080),
    ("Hydrochlorothiazide", ["25 mg"], "tablet", "tablet", 30, "0.10", 20, R, "D", 1080),
    ("Digoxin", ["0.25 mg", "0.5 mg/2 mL"], "tablet", "tablet", 30, "0.20", 10, R, "V", 1080),
    ("Diltiazem", ["30 mg", "10 mg vial"], "tablet", "tablet", 30, "0.50", 10, R, "E", 1080),
    ("Nifedipine", ["30 mg controlled release"], "tablet", "tablet", 28, "1.10", 30, R, "E", 1080),
    ("Urapidil", ["25 mg/5 mL"], "ampoule", "ampoule", 5, "18.00", 6, R, "E", 720),
    ("Alteplase", ["50 mg"], "vial for injection", "vial", 1, "4200.00", 0, R, "V", 720),
    ("Tirofiban", ["12.5 mg/250 mL"], "bottle", "bottle", 1, "320.00", 1, R, "V", 720),
    ("Dapagliflozin", ["10 mg"], "tablet", "tablet", 14, "4.50", 20, R, "E", 1080),
    ("Sitagliptin", ["100 mg"], "tablet", "tablet", 14, "5.20", 15, R, "E", 1080),
    ("Insulin regular human", ["400 IU/10 mL"], "vial", "vial", 1, "48.00", 4, F, "V", 540),
    ("Haloperidol", ["5 mg/mL"], "ampoule", "ampoule", 10, "1.20", 4, R, "E", 900),
    ("Diazepam", ["10 mg/2 mL", "5 mg"], "ampoule", "ampoule", 10, "0.90", 5, R, "V", 900),
    ("Levetiracetam", ["500 mg", "500 mg/5 mL"], "tablet", "tablet", 30, "2.40", 15, R, "V", 1080),
    ("Phenytoin", ["100 mg", "250 mg/5 mL"], "tablet", "tablet", 30, "0.40", 5, R, "V", 1080),
    ("Quetiapine", ["25 mg", "100 mg"], "tablet", "tablet", 30, "1.30", 10, R, "E", 1080),
    ("Sertraline", ["50 mg"], "tablet", "tablet", 14, "2.10", 8, R, "D", 1080),
    ("Naloxone", ["0.4 mg/mL"], "ampoule", "ampoule", 10, "9.00", 2, R, "V", 720),
    ("Flumazenil", ["0.5 mg/5 mL"], "ampoule", "ampoule", 5, "38.00", 1, R, "V", 720),
    ("Neostigmine", ["0.5 mg/mL"], "ampoule", "ampoule", 10, "1.50", 4, R, "E", 720),
    ("Rocuronium", ["50 mg/5 mL"], "vial", "vial", 10, "42.00", 6, F, "V", 540),
    ("Sugammadex", ["200 mg/2 mL"], "vial", "vial", 10, "480.00", 1, R, "E", 720),
    ("Sevoflurane", ["250 mL"], "bottle", "bottle", 1, "780.00", 1, R, "V", 1080),
    ("Ketamine", ["100 mg/2 mL"], "vial", "vial", 5, "12.00", 3, R, "V", 900),
    ("Oxycodone", ["5 mg", "10 mg controlled release"], "tablet", "tablet", 10, "3.80", 5, R, "E", 900),
    ("Calcium gluconate", ["10% 10 mL"], "ampoule", "ampoule", 10, "0.90", 10, R, "V", 900),
    ("Iron sucrose", ["100 mg/5 mL"], "ampoule", "ampoule", 5, "38.00", 3, R, "E", 720),
    (
        "Erythropoietin",
        ["4,000 IU prefilled syringe", "10,000 IU prefilled syringe"],
        "prefilled syringe",
        "syringe",
        6,
        "58.00",
        4,
        F,
        "E",
        540,
    ),
    ("Filgrastim", ["300 mcg prefilled syringe"], "prefilled syringe", "syringe", 1, "160.00", 1, F, "E", 540),
    ("Montelukast", ["10 mg", "4 mg granules"], "tablet", "tablet", 14, "3.20", 8, R, "D", 1080),
    ("Cetirizine", ["10 mg"], "tablet", "tablet", 12, "0.80", 8, R, "D", 1080),
    ("Chlorphenamine", ["10 mg/mL"], "ampoule", "ampoule", 10, "0.50", 4, R, "E", 900),
    ("Prednisone", ["5 mg"], "tablet", "tablet", 100, "0.08", 20, R, "E", 1080),
    ("Allopurinol", ["100 mg"], "tablet", "tablet", 100, "0.10", 10, R, "D", 1080),
    ("Colchicine", ["0.5 mg"], "tablet", "tablet", 20, "0.40", 4, R, "D", 1080),
    ("Tamsulosin", ["0.2 mg"], "capsule", "capsule", 10, "2.00", 8, R, "D", 1080),
    ("Vitamin B1", ["100 mg/2 mL"], "ampoule", "ampoule", 10, "0.60", 6, R, "D", 900),
    ("Compound amino acid", ["18AA 250 mL"], "bottle", "bottle", 10, "22.00", 8, R, "E", 720),
    ("Fat emulsion", ["20% 250 mL"], "bottle", "bottle", 10, "48.00", 5, R, "E", 720),
    ("Hydroxyethyl starch", ["6% 500 mL"], "bag", "bag", 10, "32.00", 2, R, "E", 720),
    ("Sterile water for injection", ["10 mL", "500 mL"], "ampoule", "ampoule", 50, "0.25", 150, R, "V", 1080),
]
CONTROLLED = {
    "Morphine hydrochloride",
    "Fentanyl citrate",
    "Pethidine",
    "Midazolam",
    "Diazepam",
    "Ketamine",
    "Oxycodone",
}
# name, specifications, base unit, pack, unit cost, daily use, category, VED
CONSUMABLES = [
    (
        "Syringe",
        ["1 mL", "2 mL", "5 mL", "10 mL", "20 mL", "50 mL"],
        "syringe",
        100,
        "0.30",
        250,
        Category.CONSUMABLE,
        "V",
    ),
    ("Hypodermic needle", ["18G", "21G", "23G", "25G"], "needle", 100, "0.08", 200, Category.CONSUMABLE, "V"),
    ("IV cannula", ["16G", "18G", "20G", "22G", "24G"], "cannula", 50, "2.50", 60, Category.CONSUMABLE, "V"),
    (
        "Infusion set",
        ["standard", "precision filter", "light-protective"],
        "set",
        50,
        "1.20",
        150,
        Category.CONSUMABLE,
        "V",
    ),
    ("Nitrile examination gloves", ["S", "M", "L", "XL"], "glove", 100, "0.15", 900, Category.CONSUMABLE, "E"),
    ("Sterile surgical gloves", ["6.5", "7", "7.5", "8"], "pair", 50, "2.20", 80, Category.CONSUMABLE, "V"),
    ("Gauze swab", ["5 × 5 cm", "7.5 × 7.5 cm", "10 × 10 cm"], "pack", 100, "0.80", 120, Category.CONSUMABLE, "E"),
    ("Gauze roll bandage", ["5 cm", "10 cm"], "roll", 12, "1.10", 30, Category.CONSUMABLE, "D"),
    (
        "Adhesive dressing",
        ["6 × 7 cm", "10 × 12 cm", "15 × 20 cm"],
        "dressing",
        50,
        "1.50",
        60,
        Category.CONSUMABLE,
        "E",
    ),
    ("Transparent IV dressing", ["6 × 7 cm", "10 × 12 cm"], "dressing", 100, "2.80", 40, Category.CONSUMABLE, "E"),
    (
        "Urinary catheter (Foley)",
        ["12 Fr", "14 Fr", "16 Fr", "18 Fr"],
        "catheter",
        10,
        "8.50",
        10,
        Category.CONSUMABLE,
        "V",
    ),
    ("Urine drainage bag", ["2 L"], "bag", 10, "3.00", 10, Category.CONSUMABLE, "E"),
    ("Nasogastric tube", ["12 Fr", "14 Fr", "16 Fr"], "tube", 10, "5.00", 6, Category.CONSUMABLE, "E"),
    ("Endotracheal tube", ["6.5", "7.0", "7.5", "8.0"], "tube", 10, "15.00", 4, Category.CONSUMABLE, "V"),
    ("Suction catheter", ["10 Fr", "12 Fr", "14 Fr"], "catheter", 50, "1.00", 30, Category.CONSUMABLE, "V"),
    ("Oxygen mask", ["adult", "paediatric"], "mask", 20, "4.00", 15, Category.CONSUMABLE, "V"),
    ("Nasal oxygen cannula", ["adult", "paediatric"], "cannula", 20, "2.50", 25, Category.CONSUMABLE, "V"),
    ("Surgical mask", ["3-ply"], "mask", 50, "0.40", 400, Category.CONSUMABLE, "E"),
    ("N95 respirator", ["M", "L"], "respirator", 20, "4.50", 40, Category.CONSUMABLE, "E"),
    ("Isolation gown", ["M", "L", "XL"], "gown", 10, "6.00", 40, Category.CONSUMABLE, "E"),
    ("Alcohol prep pad", ["70% isopropyl"], "pad", 200, "0.05", 500, Category.CONSUMABLE, "E"),
    (
        "Blood collection tube",
        ["EDTA 2 mL", "serum 5 mL", "citrate 2.7 mL", "heparin 4 mL"],
        "tube",
        100,
        "0.60",
        300,
        Category.CONSUMABLE,
        "V",
    ),
    ("Blood culture bottle", ["aerobic", "anaerobic"], "bottle", 50, "28.00", 10, Category.REAGENT, "V"),
    ("Suture, absorbable", ["2-0", "3-0", "4-0"], "suture", 12, "18.00", 15, Category.CONSUMABLE, "V"),
    ("Suture, non-absorbable", ["2-0", "3-0", "4-0"], "suture", 12, "9.00", 10, Category.CONSUMABLE, "E"),
    ("Surgical blade", ["No. 10", "No. 11", "No. 15", "No. 20"], "blade", 100, "0.70", 30, Category.CONSUMABLE, "E"),
    ("Electrode, ECG", ["adult"], "electrode", 50, "0.50", 150, Category.CONSUMABLE, "E"),
    ("Glucose test strip", ["for meter GM-300"], "strip", 50, "2.20", 120, Category.REAGENT, "V"),
    ("Lancet", ["28G"], "lancet", 100, "0.25", 120, Category.CONSUMABLE, "E"),
    ("Three-way stopcock", ["with extension"], "stopcock", 50, "1.40", 40, Category.CONSUMABLE, "E"),
    ("Central venous catheter kit", ["triple lumen 7 Fr"], "kit", 5, "260.00", 1, Category.CONSUMABLE, "V"),
    ("Sharps container", ["1 L", "5 L"], "container", 20, "6.00", 15, Category.CONSUMABLE, "E"),
    ("Underpad", ["60 × 90 cm"], "pad", 50, "1.30", 80, Category.CONSUMABLE, "D"),
    ("Cotton bud, sterile", ["15 cm"], "pack", 100, "0.20", 60, Category.CONSUMABLE, "D"),
    ("Rapid antigen test", ["influenza A/B", "SARS-CoV-2"], "test", 25, "18.00", 10, Category.REAGENT, "E"),
    ("Extension tube", ["25 cm", "50 cm", "150 cm"], "tube", 50, "1.80", 40, Category.CONSUMABLE, "E"),
    ("Needle-free connector", ["standard"], "connector", 100, "3.50", 30, Category.CONSUMABLE, "E"),
    ("Blood transfusion set", ["with filter"], "set", 25, "4.20", 8, Category.CONSUMABLE, "V"),
    ("Wound drainage system", ["200 mL", "400 mL"], "system", 10, "35.00", 3, Category.CONSUMABLE, "E"),
    ("Skin stapler", ["35 staples"], "stapler", 6, "85.00", 2, Category.CONSUMABLE, "E"),
    ("Cotton wool", ["500 g"], "roll", 20, "9.00", 5, Category.CONSUMABLE, "D"),
    ("Elastic bandage", ["7.5 cm", "10 cm", "15 cm"], "roll", 12, "3.60", 15, Category.CONSUMABLE, "D"),
    ("Disposable bed sheet", ["single"], "sheet", 50, "2.40", 40, Category.CONSUMABLE, "D"),
    ("Enteral feeding set", ["gravity", "pump"], "set", 30, "6.80", 10, Category.CONSUMABLE, "E"),
    ("Tracheostomy tube", ["7.0", "8.0"], "tube", 1, "120.00", 1, Category.CONSUMABLE, "V"),
    ("Specimen container", ["60 mL sterile"], "container", 100, "0.50", 80, Category.CONSUMABLE, "E"),
    ("Urinalysis strip", ["10 parameters"], "strip", 100, "0.90", 60, Category.REAGENT, "E"),
]
HIGH_VALUE = [
    ("Coronary drug-eluting stent", ["3.0 × 18 mm", "3.5 × 23 mm"], "stent", 1, "6500.00"),
    ("Pacemaker, dual chamber", ["MRI conditional"], "device", 1, "28000.00"),
    ("Intraocular lens", ["+21.0 D"], "lens", 1, "1800.00"),
]
SUPPLIERS = [
    ("SINO", "Sinopharm Holding Shanghai", "Zhou Lin"),
    ("SHPH", "Shanghai Pharmaceuticals Distribution", "Qian Yu"),
    ("CRPH", "China Resources Pharmaceutical Commercial", "Deng Hui"),
    ("JOIN", "Jointown Medical Supplies", "Peng Rui"),
    ("MEDT", "East China Medical Devices", "Fang Jun"),
]
WARDS = [
    ("W-CARD", "Cardiology ward store", "CARD", "nurse_cardiology"),
    ("W-ICU", "ICU ward store", "ICU", "nurse_icu"),
]
ISSUE_TO = ["CARD", "ICU", "RESP", "GSUR", "SURG", "ED", "OBGYN", "PED", "NEUR", "ORTH"]


def _gtin(n: int) -> str:
    payload = f"69{31234:05d}{n:05d}"
    return (payload + str(gs1.check_digit(payload))).zfill(14)


def _catalogue() -> list[dict]:
    rows, n = [], 0
    for generic, strengths, form, unit, pack, cost, use, storage, ved, shelf in DRUGS:
        for index, strength in enumerate(strengths):
            n += 1
            rows.append(
                {
                    "code": f"D{n:04d}",
                    "name": generic,
                    "generic_name": generic.lower(),
                    "specification": f"{strength} {form}",
                    "category": Category.DRUG,
                    "base_unit": unit,
                    "pack_size": pack,
                    "purchase_unit": "box",
                    "storage": storage,
                    "is_controlled": generic in CONTROLLED,
                    "ved_class": ved,
                    "cost": Decimal(cost) * (1 + Decimal(index) / 2),
                    "use": max(1, use // (index + 1)),
                    "shelf": shelf,
                }
            )
    for name, specs, unit, pack, cost, use, category, ved in CONSUMABLES:
        for spec in specs:
            n += 1
            rows.append(
                {
                    "code": f"C{n:04d}",
                    "name": name,
                    "generic_name": "",
                    "specification": spec,
                    "category": category,
                    "base_unit": unit,
                    "pack_size": pack,
                    "purchase_unit": "box",
                    "storage": F if category == Category.REAGENT and "culture" not in name else R,
                    "is_controlled": False,
                    "ved_class": ved,
                    "cost": Decimal(cost),
                    "use": max(1, use // len(specs)),
                    "shelf": 1800 if category == Category.CONSUMABLE else 540,
                }
            )
    for name, specs, unit, pack, cost in HIGH_VALUE:
        for spec in specs:
            n += 1
            rows.append(
                {
                    "code": f"H{n:04d}",
                    "name": name,
                    "generic_name": "",
                    "specification": spec,
                    "category": Category.CONSUMABLE,
                    "base_unit": unit,
                    "pack_size": pack,
                    "purchase_unit": "unit",
                    "storage": R,
                    "is_controlled": False,
                    "is_high_value": True,
                    "ved_class": VedClass.VITAL,
                    "cost": Decimal(cost),
                    "use": 0,  # a few a month, drawn below
                    "shelf": 1080,
                }
            )
    for index, row in enumerate(rows, start=1):
        row["gtin"] = _gtin(index)
    return rows


def _people() -> dict[str, User]:
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "pharmacist", *[w[3] for w in WARDS]])}
    second = User.objects.filter(username="pharmacist_night").first()
    if second is None:
        pharmacy = Department.objects.filter(code="PHAR").first()
        second = User.objects.create_user(
            username="pharmacist_night",
            password=demo_password(),
            display_name="Song Yi (Night pharmacist)",
            department=pharmacy,
        )
        second.groups.add(Group.objects.get_or_create(name=Role.PHARMACIST)[0])
    users["pharmacist_night"] = second
    return users


def _stores(people, departments) -> dict[str, Store]:
    central = Store.objects.create(
        code="CW", name="Central warehouse", kind=StoreKind.CENTRAL, department=departments.get("PHAR")
    )
    pharmacy = Store.objects.create(
        code="PH",
        name="Inpatient pharmacy",
        kind=StoreKind.PHARMACY,
        department=departments.get("PHAR"),
        supplied_by=central,
    )
    central.keepers.set([people["pharmacist"], people["admin"]])
    pharmacy.keepers.set([people["pharmacist"], people["pharmacist_night"]])
    stores = {"CW": central, "PH": pharmacy}
    for code, name, dept, keeper in WARDS:
        ward = Store.objects.create(
            code=code, name=name, kind=StoreKind.WARD, department=departments.get(dept), supplied_by=pharmacy
        )
        if keeper in people:
            ward.keepers.add(people[keeper])
        stores[code] = ward
    return stores


class _Ledger:
    """The year simulated in memory: lots per store, earliest expiry first."""

    def __init__(self):
        self.on_hand: dict[tuple[int, int], int] = defaultdict(int)  # (store, lot index) -> quantity
        self.lots: list[Lot] = []
        self.lots_of: dict[tuple[int, int], list[int]] = defaultdict(list)  # (store, item) -> lot indexes
        self.movements: list[StockMovement] = []

    def receive(self, *, store, item, lot, quantity, at, user, batch, reference):
        self.lots.append(lot)
        index = len(self.lots) - 1
        self.lots_of[(store.pk, item.pk)].append(index)
        self._move(MovementKind.RECEIPT, store, index, quantity, at, user, batch, reference=reference)
        return index

    def _move(self, kind, store, index, quantity, at, user, batch, **fields):
        self.on_hand[(store.pk, index)] += quantity
        lot = self.lots[index]
        movement = StockMovement(
            kind=kind,
            store=store,
            item_id=lot.item.pk,
            quantity=quantity,
            unit_cost=lot.unit_cost,
            created_at=at,
            user=user,
            batch=batch,
            **fields,
        )
        movement.lot_index = index  # the lot has no id until the lots are written
        self.movements.append(movement)

    def available(self, store, item, day) -> int:
        return sum(self.on_hand[(store.pk, i)] for i in self._usable(store, item, day))

    def _usable(self, store, item, day):
        indexes = [
            i
            for i in self.lots_of[(store.pk, item.pk)]
            if self.on_hand[(store.pk, i)] > 0 and (self.lots[i].expiry is None or self.lots[i].expiry >= day)
        ]
        return sorted(indexes, key=lambda i: (self.lots[i].expiry or dt.date.max, i))

    def issue(self, *, store, item, quantity, day, at, user, department, signatory):
        batch, left = uuid.uuid4(), quantity
        for index in self._usable(store, item, day):
            take = min(left, self.on_hand[(store.pk, index)])
            self._move(
                MovementKind.ISSUE,
                store,
                index,
                -take,
                at,
                user,
                batch,
                department=department,
                second_signatory=signatory if item.is_controlled else None,
            )
            left -= take
            if not left:
                break
        return quantity - left


def _at(rng, day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 19), rng.randint(0, 59))))


def _simulate(*, items, specs, stores, suppliers, people, departments, today, rng):
    ledger = _Ledger()
    orders, order_lines, receipts, receipt_lines = [], [], [], []
    pharmacist, signatory = people["pharmacist"], people["pharmacist_night"]
    targets = [departments[c] for c in ISSUE_TO if c in departments] or list(departments.values())[:1]
    start = today - dt.timedelta(days=DAYS)
    lot_numbers = defaultdict(int)
    for item, spec in zip(items, specs, strict=True):
        store = stores["PH"] if item.category == Category.DRUG else stores["CW"]
        supplier = suppliers[int(item.code[1:]) % len(suppliers)]
        if item.is_high_value:
            supplier = suppliers[-1]
        use = spec["use"]
        for offset in range(0, DAYS + 1):
            day = start + dt.timedelta(days=offset)
            cover = START_COVER + (END_COVER - START_COVER) * offset / DAYS
            if offset % 7 == 0:  # the weekly order, received the same day
                level = round(max(use, 1) * (cover + 7)) if not item.is_high_value else 4
                quantity = level - ledger.available(store, item, day)
                if quantity > 0:
                    packs = -(-quantity // item.pack_size)
                    quantity = packs * item.pack_size
                    lot_numbers[item.pk] += 1
                    shelf = spec["shelf"]
                    lot = Lot(
                        item=item,
                        number=f"{item.code[1:]}{day:%y%m}{lot_numbers[item.pk]:02d}",
                        expiry=day + dt.timedelta(days=shelf)
                        if item.category != Category.CONSUMABLE or shelf < 1800
                        else None,
                        serial=f"SN{item.pk:04d}{lot_numbers[item.pk]:04d}" if item.is_high_value else "",
                        unit_cost=spec["cost"],
                        created_at=_at(rng, day),
                    )
                    order = PurchaseOrder(
                        number=f"PO-{day:%y%m%d}-{item.code}",
                        supplier=supplier,
                        store=store,
                        status=OrderStatus.RECEIVED,
                        ordered_on=day - dt.timedelta(days=item.lead_time_days),
                        created_by=pharmacist,
                    )
                    orders.append(order)
                    order_lines.append(
                        PurchaseOrderLine(
                            order=order,
                            item=item,
                            packs=packs,
                            pack_price=spec["cost"] * item.pack_size,
                            received_quantity=quantity,
                        )
                    )
                    receipt = Receipt(
                        store=store,
                        order=order,
                        supplier=supplier,
                        delivery_note=f"DN{day:%y%m%d}{item.pk}",
                        received_by=pharmacist,
                        received_at=lot.created_at,
                    )
                    receipts.append(receipt)
                    index = ledger.receive(
                        store=store,
                        item=item,
                        lot=lot,
                        quantity=quantity,
                        at=lot.created_at,
                        user=pharmacist,
                        batch=uuid.uuid4(),
                        reference=receipt.delivery_note,
                    )
                    receipt_lines.append((receipt, item, index, quantity, spec["cost"]))
            wanted = (
                rng.randint(0, 2)
                if item.is_high_value and offset % 10 == 0
                else (round(use * rng.uniform(0.6, 1.4)) if use else 0)
            )
            if wanted:
                ledger.issue(
                    store=store,
                    item=item,
                    quantity=wanted,
                    day=day,
                    at=_at(rng, day),
                    user=pharmacist,
                    department=rng.choice(targets),
                    signatory=signatory,
                )
    return ledger, orders, order_lines, receipts, receipt_lines


def _short_dated(*, items, stores, ledger, people, today):
    """Lots near expiry (30/60/90 days), a few expired and a short-dated one at risk."""
    pharmacy, pharmacist = stores["PH"], people["pharmacist"]
    drugs = [i for i in items if i.category == Category.DRUG][:12]
    for n, item in enumerate(drugs):
        days = [-20, -5, 12, 25, 40, 55, 75, 85, 20, 50, -40, 88][n]
        lot = Lot(
            item=item,
            number=f"SD{item.pk:04d}",
            expiry=today + dt.timedelta(days=days),
            unit_cost=Decimal("1") + n,
            created_at=timezone.now() - dt.timedelta(days=200),
        )
        ledger.receive(
            store=pharmacy,
            item=item,
            lot=lot,
            quantity=20 + 10 * n,
            at=lot.created_at,
            user=pharmacist,
            batch=uuid.uuid4(),
            reference="short-dated",
        )


@transaction.atomic
def _write(ledger, orders, order_lines, receipts, receipt_lines):
    Lot.objects.bulk_create(ledger.lots, batch_size=2000)
    PurchaseOrder.objects.bulk_create(orders, batch_size=2000)
    for line in order_lines:
        line.order_id = line.order.pk
    PurchaseOrderLine.objects.bulk_create(order_lines, batch_size=2000)
    for receipt in receipts:
        receipt.order_id = receipt.order.pk
    Receipt.objects.bulk_create(receipts, batch_size=2000)
    ReceiptLine.objects.bulk_create(
        (
            ReceiptLine(
                receipt_id=receipt.pk, item=item, lot=ledger.lots[index], quantity_accepted=quantity, unit_cost=cost
            )
            for receipt, item, index, quantity, cost in receipt_lines
        ),
        batch_size=2000,
    )
    for movement in ledger.movements:
        movement.lot = ledger.lots[movement.lot_index]
    StockMovement.objects.bulk_create(ledger.movements, batch_size=5000)
    StockBalance.objects.bulk_create(
        (
            StockBalance(
                store_id=store_id, item_id=ledger.lots[index].item.pk, lot=ledger.lots[index], quantity=quantity
            )
            for (store_id, index), quantity in ledger.on_hand.items()
        ),
        batch_size=5000,
    )


def _abc(items) -> None:
    """ABC from the year's issue value (docs/standards.md)."""
    values = defaultdict(Decimal)
    for item_id, quantity, cost in (
        StockMovement.objects.filter(kind=MovementKind.ISSUE).values_list("item_id", "quantity", "unit_cost").iterator()
    ):
        values[item_id] -= quantity * cost
    classes = measures.abc_classes({item.pk: values.get(item.pk, Decimal(0)) for item in items})
    for item in items:
        item.abc_class = classes[item.pk]
    Item.objects.bulk_update(items, ["abc_class"], batch_size=1000)


def _today_at_the_wards(*, items, stores, people) -> int:
    """This week's requisitions, through the services: one sent and received, one sent,
    one waiting."""
    pharmacy_items = [i for i in items if i.category == Category.DRUG and not i.is_controlled][:6]
    nurse = people.get("nurse_cardiology")
    ward = stores.get("W-CARD")
    if nurse is None or ward is None:
        return 0
    made = 0
    for step in ("received", "fulfilled", "raised"):
        requisition = services.raise_requisition(
            user=nurse,
            ward=ward,
            lines=[(item, 10) for item in pharmacy_items[made * 2 : made * 2 + 2]],
            note="Weekly top-up",
        )
        if step in ("received", "fulfilled"):
            services.fulfil_requisition(user=people["pharmacist"], requisition=requisition)
        if step == "received":
            services.confirm_requisition(user=nurse, requisition=requisition)
        made += 1
    return made


def seed(*, scale: str, stdout) -> None:
    if Store.objects.exists():
        stdout.write("inventory: already seeded")
        return
    rng = random.Random(11)
    today = timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    people = _people()
    if "pharmacist" not in people or "admin" not in people:
        stdout.write("inventory: skipped (no demo pharmacist)")
        return
    specs = _catalogue()
    with transaction.atomic():
        suppliers = [Supplier.objects.create(code=c, name=n, contact=p) for c, n, p in SUPPLIERS]
        stores = _stores(people, departments)
        fields = {f.name for f in Item._meta.concrete_fields}
        items = Item.objects.bulk_create(
            Item(
                **{k: v for k, v in spec.items() if k in fields},
                reorder_point=max(spec["use"], 1) * 10,
                safety_stock=max(spec["use"], 1) * 3,
                lead_time_days=7 if spec["category"] == Category.DRUG else 10,
            )
            for spec in specs
        )
    ledger, orders, order_lines, receipts, receipt_lines = _simulate(
        items=items,
        specs=specs,
        stores=stores,
        suppliers=suppliers,
        people=people,
        departments=departments,
        today=today,
        rng=rng,
    )
    _short_dated(items=items, stores=stores, ledger=ledger, people=people, today=today)
    _write(ledger, orders, order_lines, receipts, receipt_lines)
    _abc(items)
    requisitions = _today_at_the_wards(items=items, stores=stores, people=people)
    stdout.write(
        f"inventory: {len(items)} items, {len(stores)} stores, {len(ledger.lots)} lots, "
        f"{len(ledger.movements)} movements, {requisitions} requisitions"
    )
