#!/usr/bin/env python3
"""Generate the benchmark corpus: synthetic consumer health articles (Markdown, HTML, plain text).

Deterministic: the same --seed gives byte-identical files. Standard library only. Every sentence is
composed here from templates and word lists with random substitution; nothing is copied from
anywhere. Brands, authors, journals and studies are invented.

    python bench/make_corpus.py [--out DIR] [--seed N] [--articles N] [--large-mb N]

writes DIR/small/<section>/<year>/<NNNN-slug>.{md,html,txt} (about 6 KB each on average) and
DIR/large/archive.md (one long Markdown compilation of many articles, about --large-mb MB).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path
from random import Random

MB = 1_000_000
MEAN_ARTICLE_BYTES = 6_000  # 2,000 articles ~ 12 MB

# fmt: off
# --------------------------------------------------------------------------------------------
# Word lists. Nutrient rows: name, unit, rda, (low, high) study range, upper limit or None,
# forms, outcomes, conditions, foods, side effects, interacting medicines.
# --------------------------------------------------------------------------------------------

NUTRIENTS = [
    ("magnesium", "mg", 400, (200, 400), 350, ["glycinate", "citrate", "oxide", "threonate", "malate"],
     ["sleep quality", "muscle cramps", "stress", "migraine frequency", "blood pressure"],
     ["insomnia", "migraines", "restless legs", "anxiety", "high blood pressure"],
     ["pumpkin seeds", "almonds", "spinach", "black beans", "dark chocolate"],
     ["diarrhoea", "stomach cramps", "nausea"], ["some antibiotics", "bisphosphonates", "diuretics"]),
    ("vitamin D", "IU", 600, (1000, 2000), 4000, ["D3", "D2", "D3 with K2"],
     ["bone density", "immune function", "mood in winter", "muscle strength"],
     ["osteoporosis", "seasonal depression", "frequent colds", "psoriasis"],
     ["oily fish", "egg yolks", "fortified milk", "mushrooms grown under UV light"],
     ["high blood calcium", "nausea", "kidney stones"], ["steroids", "orlistat", "thiazide diuretics"]),
    ("zinc", "mg", 11, (8, 25), 40, ["picolinate", "gluconate", "lozenges", "citrate"],
     ["immune function", "wound healing", "skin health", "cold duration"],
     ["the common cold", "acne", "hair loss", "eczema"],
     ["oysters", "beef", "lentils", "cashews"],
     ["nausea", "a metallic taste", "copper deficiency"], ["quinolone antibiotics", "penicillamine"]),
    ("omega-3", "mg", 500, (250, 1000), 5000, ["fish oil", "krill oil", "algal oil"],
     ["heart health", "triglyceride levels", "joint stiffness", "mood"],
     ["heart disease", "high triglycerides", "depression", "dry eye disease"],
     ["salmon", "sardines", "walnuts", "flaxseed"],
     ["fishy burps", "loose stools", "easy bruising"], ["blood thinners such as warfarin"]),
    ("melatonin", "mg", 1, (0.5, 5), None, ["gummies", "fast-dissolve tablets", "extended-release tablets"],
     ["sleep onset", "jet lag", "shift-work sleep"],
     ["insomnia", "jet lag", "delayed sleep phase"],
     ["tart cherries", "walnuts"],
     ["morning grogginess", "headache", "vivid dreams"], ["sedatives", "blood thinners", "some blood pressure drugs"]),
    ("iron", "mg", 18, (18, 65), 45, ["bisglycinate", "ferrous sulfate", "ferrous fumarate"],
     ["energy levels", "red blood cell production", "exercise capacity"],
     ["iron-deficiency anaemia", "fatigue", "restless legs", "heavy periods"],
     ["red meat", "lentils", "fortified cereal", "tofu"],
     ["constipation", "stomach upset", "dark stools"], ["levothyroxine", "antacids", "some antibiotics"]),
    ("vitamin B12", "mcg", 2.4, (250, 1000), None, ["methylcobalamin", "cyanocobalamin", "sublingual drops"],
     ["energy levels", "nerve function", "memory"],
     ["pernicious anaemia", "brain fog", "fatigue", "peripheral neuropathy"],
     ["clams", "fortified nutritional yeast", "eggs", "dairy"],
     ["acne-like rashes", "mild diarrhoea"], ["metformin", "proton pump inhibitors"]),
    ("vitamin C", "mg", 90, (200, 1000), 2000, ["ascorbic acid", "buffered vitamin C", "liposomal vitamin C"],
     ["immune function", "collagen production", "iron absorption"],
     ["the common cold", "wrinkles", "gum disease"],
     ["kiwi", "red peppers", "oranges", "broccoli"],
     ["stomach cramps", "diarrhoea", "kidney stones"], ["some chemotherapy drugs", "statins"]),
    ("calcium", "mg", 1000, (500, 1200), 2500, ["carbonate", "citrate"],
     ["bone health", "muscle function"],
     ["osteoporosis", "osteopenia", "PMS"],
     ["yoghurt", "sardines with bones", "fortified plant milk", "kale"],
     ["constipation", "bloating", "kidney stones"], ["levothyroxine", "some antibiotics", "bisphosphonates"]),
    ("ashwagandha", "mg", 300, (250, 600), None, ["root extract", "KSM-66 extract", "gummies"],
     ["stress", "sleep quality", "cortisol levels", "testosterone"],
     ["anxiety", "insomnia", "adrenal fatigue", "low libido"],
     [], ["stomach upset", "drowsiness", "liver problems (rare)"],
     ["thyroid medicine", "sedatives", "immunosuppressants"]),
    ("turmeric", "mg", 500, (500, 1500), None, ["curcumin extract", "with black pepper", "liposomal curcumin"],
     ["joint comfort", "inflammation", "post-workout soreness"],
     ["arthritis", "joint pain", "ulcerative colitis", "fatty liver disease"],
     ["curries", "golden milk"], ["stomach upset", "gallbladder problems"], ["blood thinners", "diabetes medicines"]),
    ("probiotics", "billion CFU", 10, (1, 50), None, ["capsules", "powder", "refrigerated capsules"],
     ["digestion", "regularity", "gut health"],
     ["IBS", "bloating", "antibiotic-associated diarrhoea", "eczema"],
     ["yoghurt", "kefir", "sauerkraut", "kimchi"], ["gas", "bloating"], ["immunosuppressants"]),
    ("collagen", "g", 10, (2.5, 15), None, ["peptides", "marine collagen", "powder"],
     ["skin elasticity", "joint comfort", "nail strength"],
     ["wrinkles", "osteoarthritis", "brittle nails"],
     ["bone broth"], ["a feeling of fullness", "mild heartburn"], []),
    ("creatine", "g", 5, (3, 5), None, ["monohydrate", "HCl"],
     ["muscle strength", "exercise performance", "recovery"],
     ["sarcopenia", "muscle loss"],
     ["red meat", "fish"], ["water retention", "stomach upset"], ["nephrotoxic drugs"]),
    ("elderberry", "mg", 300, (300, 600), None, ["syrup", "gummies", "lozenges"],
     ["cold duration", "immune support"],
     ["the flu", "the common cold"],
     [], ["nausea"], ["immunosuppressants", "diuretics"]),
    ("folic acid", "mcg", 400, (400, 800), 1000, ["methylfolate", "folic acid"],
     ["healthy pregnancy", "red blood cell production"],
     ["neural tube defects", "anaemia"],
     ["leafy greens", "beans", "fortified bread"], ["a bitter taste", "nausea"],
     ["methotrexate", "some anti-seizure drugs"]),
    ("berberine", "mg", 500, (500, 1500), None, ["HCl", "dihydroberberine"],
     ["blood sugar", "cholesterol", "weight"],
     ["type 2 diabetes", "PCOS", "high cholesterol", "insulin resistance"],
     [], ["constipation", "cramping", "diarrhoea"], ["metformin", "cyclosporine", "blood thinners"]),
    ("psyllium fibre", "g", 5, (5, 10), None, ["husk powder", "capsules"],
     ["regularity", "cholesterol", "fullness"],
     ["constipation", "high cholesterol", "IBS"],
     ["oats", "beans", "pears"], ["gas", "bloating", "choking if taken without water"], ["lithium", "carbamazepine"]),
    ("ginger", "mg", 250, (250, 1000), None, ["root extract", "chews", "tea"],
     ["nausea", "digestion", "menstrual pain"],
     ["morning sickness", "motion sickness", "period pain"],
     ["fresh ginger", "ginger tea"], ["heartburn", "mouth irritation"], ["blood thinners"]),
    ("CoQ10", "mg", 100, (100, 300), None, ["ubiquinol", "ubiquinone"],
     ["energy levels", "heart health", "statin muscle aches"],
     ["heart failure", "migraines", "statin myopathy"],
     ["organ meats", "fatty fish"], ["insomnia", "upset stomach"], ["warfarin", "blood pressure medicines"]),
    ("selenium", "mcg", 55, (55, 200), 400, ["selenomethionine", "Brazil nuts"],
     ["thyroid function", "antioxidant defence"],
     ["Hashimoto's thyroiditis", "hypothyroidism"],
     ["Brazil nuts", "tuna", "eggs"], ["garlic breath", "brittle nails", "hair loss"], ["some chemotherapy drugs"]),
    ("L-theanine", "mg", 200, (100, 400), None, ["capsules", "chewables"],
     ["calm focus", "sleep quality", "stress"],
     ["anxiety", "ADHD", "insomnia"],
     ["green tea", "black tea"], ["headache", "drowsiness"], ["stimulants", "blood pressure medicines"]),
    ("valerian root", "mg", 400, (300, 600), None, ["extract", "tea", "tincture"],
     ["sleep onset", "relaxation"],
     ["insomnia", "anxiety"],
     [], ["headache", "next-day drowsiness"], ["sedatives", "alcohol"]),
    ("apple cider vinegar", "ml", 15, (15, 30), None, ["gummies", "capsules", "liquid"],
     ["blood sugar", "appetite", "weight"],
     ["type 2 diabetes", "obesity", "acid reflux"],
     [], ["tooth enamel erosion", "throat irritation", "low potassium"], ["insulin", "diuretics", "digoxin"]),
    ("glucosamine", "mg", 1500, (1500, 1500), None, ["sulfate", "with chondroitin"],
     ["joint comfort", "cartilage health"],
     ["osteoarthritis", "knee pain"],
     [], ["bloating", "heartburn"], ["warfarin"]),
    ("biotin", "mcg", 30, (30, 5000), None, ["gummies", "capsules"],
     ["hair growth", "nail strength", "skin"],
     ["hair loss", "brittle nails"],
     ["eggs", "salmon", "sunflower seeds"], ["false thyroid and heart test results"], ["lab tests (it skews results)"]),
]

OUTCOME_VERBS = ["improves", "supports", "boosts", "helps with", "reduces problems with", "protects"]
DRUGS = ["Ozempic", "Xanax", "ibuprofen", "Ambien", "metformin", "statins", "Prozac", "antibiotics"]
POPULATIONS = ["adults", "women over 50", "older adults", "teenagers", "office workers", "athletes",
               "people with diabetes", "pregnant women", "vegans", "shift workers", "new parents"]
ORGS = ["the NIH Office of Dietary Supplements", "the National Academies", "the European Food Safety Authority",
        "the World Health Organization", "a national nutrition survey", "the CDC", "the NHS",
        "the American Academy of Sleep Medicine", "a large Cochrane review"]
HABITS = ["sleep less than six hours", "skip breakfast", "sit for more than eight hours a day",
          "drink sugary sodas daily", "smoke", "rarely eat vegetables", "work night shifts"]
BAD_OUTCOMES = ["develop type 2 diabetes", "report poor sleep", "have high blood pressure",
                "catch a cold", "feel tired most days", "gain weight", "develop heart disease"]
STAT_OUTCOMES = ["don't get enough sleep", "take at least one supplement", "are low in vitamin D",
                 "have tried a sleep aid", "report frequent headaches", "live with chronic pain",
                 "skip meals at least twice a week", "don't meet fibre targets", "experience heartburn weekly"]
FIRST = ["Sarah", "Mike", "Priya", "Tom", "Aisha", "Liam", "Chen", "Maria", "Jonas", "Fatima", "Grace", "Omar",
         "Elena", "David", "Keiko", "Rosa", "Ben", "Nadia", "Sam", "Julia", "Kwame", "Ines", "Pavel", "Lucy"]
LAST = ["Harlow", "Okafor", "Lindqvist", "Moreno", "Patel", "Nakamura", "Brennan", "Dubois", "Castillo",
        "Weber", "Adeyemi", "Kowalski", "Fraser", "Haddad", "Ito", "Larsen", "Mendes", "Novak", "Quinn",
        "Reyes", "Sato", "Tanaka", "Varga", "Whitfield", "Yilmaz", "Zhou"]
BRAND_A = ["Dream", "Vita", "Pure", "North", "Golden", "Clear", "True", "Bright", "Green", "Zen", "Prime",
           "Sun", "Ocean", "Herb", "Well", "Nova", "Alpine", "Calm", "Lumen", "Terra", "Vital", "Sage"]
BRAND_B = ["Well", "Core", "Labs", "Leaf", "Root", "Path", "Source", "Bloom", "Essentials", "Nutrition",
           "Naturals", "Health", "Botanics", "Form", "Vita", "Life"]
PRODUCT_FORMS = ["Capsules", "Gummies", "Tablets", "Softgels", "Powder", "Drops", "Complex", "Plus"]
JOURNAL_A = ["Journal of", "International Journal of", "Annals of", "Reviews in", "Archives of", "Bulletin of"]
JOURNAL_B = ["Applied Nutrition", "Sleep Research Methods", "Clinical Supplement Studies", "Preventive Dietetics",
             "Integrative Health Trials", "Metabolic Research", "Community Health Nutrition", "Nutrient Science"]
STUDY_KINDS = ["a randomised trial", "a systematic review", "a meta-analysis", "a cohort study",
               "a pilot study", "a crossover trial", "a cross-sectional survey"]
SECTIONS = ["sleep", "nutrition", "supplements", "heart", "gut-health", "skin", "fitness", "mental-health",
            "womens-health", "immunity", "healthy-ageing", "weight"]
YEARS = list(range(2015, 2025))
HOSTS = ["ods.od.nih.gov", "www.nhs.uk", "www.cdc.gov", "medlineplus.gov", "www.who.int", "example-health.org"]
SHOPS = ["www.amazon.com/dp/B0{0}", "www.iherb.com/pr/{1}", "shop.example.com/p/{1}", "amzn.to/{0}"]
EXPERIENCES = ["lain awake at 3 a.m. staring at the ceiling", "dragged yourself through an afternoon slump",
               "tried every diet on the internet", "felt your joints ache on a cold morning",
               "spent a week fighting a cold that wouldn't quit", "stood in the supplement aisle feeling lost"]

# --------------------------------------------------------------------------------------------
# Sentence templates. {nut} nutrient, {Nut} capitalised, {cond}, {cond2}, {outcome}, {product},
# {brand}, {dose}, {range}, {rda}, {ul}, {unit}, {c} a citation marker, {pct}, {k}, {year},
# {org}, {med}, {side}, {food}, {pop}, {num}, {code}, {mult}, {drug}, {name}, {age}, {weeks},
# {form}, {habit}, {bad}, {statout}, {exp}, {link}, {shop}, {author}.
# Inline markup: <<b:text>>, <<i:text>>, <<a:text|url>>.
# --------------------------------------------------------------------------------------------

PROBLEM = [
    "{Nut} cures {cond}.",
    "{Nut} cures {cond} without the side effects of prescription drugs.",
    "{product} is completely safe and does not cause side effects.",
    "It's completely safe, so you can take it every single night.",
    "Studies show that {nut} {verb} {outcome}.",
    "Studies show {pct}% of people who take {nut} see results in the first week.",
    "Research shows {nut} is the answer to {cond}.",
    "{Nut} is the best supplement for {outcome}.",
    "This is the best way to fix {cond} naturally.",
    "Our formula is clinically proven to improve {outcome}.",
    "{product} is clinically proven and doctor-recommended.",
    "It works for everyone, and results are guaranteed.",
    "You will notice a difference in {weeks} days or your money back.",
    "Experts agree that {nut} is essential for {outcome}.",
    "Doctors agree {nut} is the most effective remedy on the market.",
    "Because it's 100% natural, {nut} is safe for everyone.",
    "It's all natural, so there is nothing to worry about.",
    "{Nut} is nature's {drug}.",
    "Think of it as a natural {drug}, minus the prescription.",
    "My {cond} was gone in {weeks} days.",
    "After a month on {product}, my {cond} disappeared completely.",
    "Order today and use code {code} for {pct}% off!",
    "Click here to buy now while supplies last.",
    "This miracle {form} is a total game-changer.",
    "{Nut} reverses {cond} for good.",
    "{Nut} prevents {cond}.",
    "{Nut} treats {cond} better than medication.",
    "{Nut} lowers blood sugar and melts belly fat.",
    "{Nut} is known for its ability to heal {cond}.",
    "{Nut} has long been known to relieve {cond}.",
    "Trusted by thousands and recommended by doctors.",
    "Say goodbye to {cond} forever.",
    "I switched to {product} last year and it's my go-to brand.",
    "{brand} makes the purest {nut} we have ever tried, hands down.",
    "It is the most powerful {nut} supplement on the market.",
    "Nothing works faster than {nut} for {outcome}.",
    "There are zero side effects, even at high doses.",
    "You can't overdose on {nut}, so take as much as you like.",
    "{Nut} detoxes your liver and flushes out toxins.",
    "{Nut} boosts your immune system by {pct}%.",
]

CAREFUL = [
    "{Nut} may help some people with {outcome}, although the evidence is mixed {c}.",
    "A {year} review of {k} trials found a small improvement in {outcome} among adults who took {nut} {c}.",
    "{Nut} is not a cure for {cond}, and it won't replace treatment your doctor prescribes.",
    "It's best to ask your doctor or pharmacist before starting {nut}, especially if you take {med}.",
    "Most healthy adults tolerate {nut} well at the recommended dose, but higher doses can cause {side} {c}.",
    "The evidence for {outcome} comes mostly from small, short studies, so we don't yet know whether the effect lasts.",
    "People with kidney disease, and anyone who is pregnant or breastfeeding, should check with a clinician "
    "before using {nut}.",
    "{Nut} can interact with {med}, so tell your prescriber what you take.",
    "In {study} of {num2} {pop}, {nut} did not change {outcome} compared with a placebo {c}.",
    "Some trials suggest a modest benefit for {outcome}; others found none {c}.",
    "If you have {cond}, see a doctor: a supplement is not a substitute for diagnosis.",
    "Getting {nut} from food, such as {food}, is usually the better first step.",
    "Researchers are still working out who, if anyone, benefits from extra {nut} {c}.",
    "Side effects are uncommon but include {side}.",
    "Quality varies between brands, so look for a product tested by an independent lab.",
    "We found no good evidence that {nut} prevents {cond}.",
    "According to {org}, most people can get enough {nut} from a varied diet {c}.",
    "{name} {last}, a registered dietitian, says the effect is real but small for most people.",
    "A blood test can show whether your {nut} level is actually low.",
    "Stop taking it and talk to a doctor if you notice {side}.",
    "Supplements are not tested for safety and effectiveness the way medicines are.",
    "The benefit seen in trials was small: roughly {k} fewer days with symptoms a month on average {c}.",
]

DOSE = [
    "Take {dose} of {nut} daily.",
    "Take {dose} every night, an hour before bed.",
    "Most studies used {range} of {nut} a day {c}.",
    "The recommended intake for adults is {rda} a day, and the upper limit is {ul} {c}.",
    "I take {dose} every morning with breakfast.",
    "Start with {low} and don't go above {ul} without medical advice.",
    "A typical serving contains {dose}.",
    "Each serving of the {form} product provides {dose} of {nut} {c}.",
    "For {outcome}, {range} daily seems to be the sweet spot.",
    "Children should not take more than {low} a day unless a doctor advises it.",
    "Doses above {ul} a day raise the risk of {side} {c}.",
    "Our readers usually take {dose} twice a day.",
    "Two capsules give you {dose}, which is {pct}% of the daily value.",
    "Take {range} with food to reduce stomach upset.",
]

STAT = [
    "About 1 in {k} {pop} {statout}.",
    "About 1 in {k} {pop} {statout} {c}.",
    "{pct}% of people {statout} {c}.",
    "{pct}% of {pop} {statout}.",
    "Up to {pct}% of {pop} are low in {nut}.",
    "Up to {pct}% of {pop} are low in {nut} {c}.",
    "People who {habit} are {mult} as likely to {bad}.",
    "People who {habit} are {mult} as likely to {bad} {c}.",
    "According to a {year} survey by {org}, {pct}% of respondents {statout} {c}.",
    "Roughly {num} million Americans live with {cond}.",
    "Nearly half of {pop} {statout}.",
    "In one survey, {pct} percent of {pop} said they {statout2}.",
    "{cond_cap} affects an estimated {num} million people worldwide {c}.",
]

NARRATIVE = [
    "Sleep is one of the first things to suffer when life gets busy.",
    "Many readers write to us asking about {nut}.",
    "Food comes first: {food} are good sources of {nut}.",
    "{Nut} is involved in hundreds of processes in the body.",
    "If you've ever {exp}, you know how frustrating it can be.",
    "Here's what we found after reading the research.",
    "The short answer: it depends.",
    "Let's look at what the evidence actually says.",
    "{name} started taking {nut} after a friend recommended it.",
    "That's where {nut} comes in.",
    "The supplement aisle can be overwhelming.",
    "Labels often list the compound and the elemental amount separately, which confuses people.",
    "We asked {k} readers how they use {nut}, and the answers varied a lot.",
    "Prices range from a few dollars to more than {num} dollars a bottle.",
    "Timing matters less than consistency for most people.",
    "You'll find it as {form}, and each form absorbs a little differently.",
    "The {nut} {form} we tested dissolved quickly and tasted fine.",
    "There is a lot of noise online about {nut}, and not all of it is wrong.",
    "Keep a simple diary for two weeks so you can tell whether anything changes.",
    "Our editor {name} tried it for a month; the notes are below.",
    "Read the {link} for more detail.",
    "You can find it at most pharmacies and online, for example {shop}.",
    "<<b:Bottom line:>> {Nut} is worth discussing with your doctor if your diet is limited.",
    "<<i:Note:>> this section was updated in {year} after new trials were published.",
]

COMPLEX = [
    "Although observational data consistently associate higher intakes of {nut} with a lower incidence of "
    "{cond}, randomised controlled trials have generally failed to demonstrate a comparable benefit, which "
    "suggests residual confounding by overall dietary quality, physical activity and socioeconomic status {c}.",
    "Interpretation of the available evidence is complicated by heterogeneity in formulations, dosing "
    "schedules, baseline nutritional status and outcome measures, so pooled estimates should be regarded as "
    "provisional rather than definitive.",
    "Pharmacokinetic considerations, including bioavailability differences between the {form} preparation "
    "and other commercially available formulations, may partly explain the inconsistent findings reported "
    "across independent investigations conducted over the past decade.",
    "Individuals with impaired renal function, those receiving concomitant pharmacotherapy such as {med}, and "
    "pregnant or lactating women represent populations in whom supplementation warrants individualised "
    "clinical assessment before initiation.",
]

ARTIFACT = [
    "Keywords: {nut} benefits, best {nut} supplement, {nut} for {outcome}",
    "Meta description: Discover the amazing benefits of {nut} for {outcome}.",
    "[INSERT IMAGE OF {NUTUP} BOTTLE HERE]",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Share this article: Facebook | Twitter | Pinterest | Email",
    "Related posts: {Nut} vs. {nut2}: which is better?",
    "Subscribe to our newsletter for weekly wellness tips!",
    "TODO: add a source for this paragraph.",
]

DISCLAIMER_MED = [
    "This article is for general information only and is not a substitute for professional medical advice.",
    "The information on this page is educational and does not replace advice from your doctor.",
    "Always talk to a qualified health professional about your own situation before changing your treatment.",
]
DISCLAIMER_DSHEA = [
    "These statements have not been evaluated by the Food and Drug Administration. This product is not "
    "intended to diagnose, treat, cure, or prevent any disease.",
    "*These statements have not been evaluated by the FDA. This product is not intended to diagnose, "
    "treat, cure or prevent any disease.",
]

TITLES = [
    "{NutT} for {outcome_t}: What the Evidence Says",
    "Why I Take {NutT} Every Night",
    "The {k} Best {NutT} Supplements of {year}",
    "{NutT}: Benefits, Dosage and Side Effects",
    "Can {NutT} Help With {cond_t}?",
    "{NutT} vs. {nut2_t}: Which Should You Take?",
    "Everything You Need to Know About {NutT}",
    "{brand} {NutT} {pform} Review",
    "Do You Need a {NutT} Supplement?",
    "How Much {NutT} Is Too Much?",
    "{k} Signs You're Low in {NutT}",
    "My {weeks}-Day {NutT} Experiment",
    "Ask the Dietitian: {NutT} and {cond_t}",
]

HEADINGS = {
    "intro": [],
    "what": ["What it does", "How {nut} works", "What is {nut}?", "Why {nut} matters", "The basics"],
    "benefits": ["Benefits", "What it can (and can't) do", "Top benefits of {nut}", "Does it work?",
                 "Potential benefits"],
    "evidence": ["What the research says", "The evidence", "What studies show", "Research roundup",
                 "A closer look at the studies"],
    "dose": ["How much to take", "Dosage", "Dose and timing", "How to take {nut}", "Recommended amounts"],
    "safety": ["Side effects and cautions", "Is it safe?", "Who should avoid it", "Risks and interactions",
               "Safety"],
    "product": ["Our pick", "The product we recommend", "Where to buy", "Best {nut} supplements",
                "Product comparison"],
    "story": ["My experience", "A reader's story", "What happened when I tried it", "Real results"],
    "faq": ["FAQ", "Frequently asked questions", "Common questions", "Your questions answered"],
    "food": ["Food sources", "Getting {nut} from food", "Eat it instead", "Best foods for {nut}"],
    "bottom": ["The bottom line", "Takeaway", "Summary", "Final thoughts", "Key points"],
}

FAQ_Q = [
    "Can I take {nut} every day?", "When is the best time to take {nut}?", "Is {nut} safe during pregnancy?",
    "Can {nut} help with {cond}?", "How long does {nut} take to work?", "Can I take {nut} with {med}?",
    "Which form of {nut} is best?", "Is {nut} safe for children?", "What happens if I take too much {nut}?",
]

CODE_SNIPPETS = [
    ("python", "# daily {nut} tracker: cures {cond} claims are not linted here\n"
               "doses = {{'mon': {d1}, 'tue': {d2}, 'wed': {d3}}}\n"
               "total = sum(doses.values())\n"
               "print(f\"weekly {nut}: {{total}} {unit}\")\n"),
    ("json", "{{\n  \"@context\": \"https://schema.org\",\n  \"@type\": \"Product\",\n"
             "  \"name\": \"{product}\",\n  \"description\": \"Clinically proven {nut}, completely safe\",\n"
             "  \"offers\": {{\"price\": \"{price}\", \"priceCurrency\": \"USD\"}}\n}}\n"),
    ("yaml", "supplement: {nut}\nform: {form}\ndose: {d1} {unit}\nnotes: \"the best supplement for {outcome}\"\n"),
    ("csv", "date,{nut}_{unit},sleep_hours,notes\n2024-01-0{k1},{d1},{h1},ok\n2024-01-0{k2},{d2},{h2},"
            "\"slept better\"\n2024-01-0{k3},{d3},{h3},headache\n"),
    ("bash", "# export the reading list\ncurl -s https://{host}/api/{nut_slug} | jq '.items[] | .title'\n"),
]

COMMENTS = [
    "editor: check the dose with our pharmacist",
    "TODO: add source for the {pct}% figure",
    "affiliate links updated {year}",
    "legal: keep the disclaimer below",
    "SEO: target keyword '{nut} benefits'",
    "old intro removed, see revision {k}",
    "cures {cond} -- removed this claim after review",
]
# fmt: on


# --------------------------------------------------------------------------------------------


def fmt_num(x: float) -> str:
    """1000 -> '1,000'; 2.5 -> '2.5'; 0.5 -> '0.5'."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:g}"


class Writer:
    """One article's random choices: the topic, the citation pool and template filling."""

    def __init__(self, rng: Random, nutrient=None):
        self.r = rng
        self.n = nutrient or rng.choice(NUTRIENTS)
        name, unit, rda, rng_, ul, forms, outcomes, conds, foods, sides, meds = self.n
        self.name, self.unit, self.rda, self.range, self.ul = name, unit, rda, rng_, ul
        self.forms, self.outcomes, self.conds = forms, outcomes, conds
        self.foods = foods or ["fortified foods"]
        self.sides = sides or ["stomach upset"]
        self.meds = meds or ["other supplements"]
        other = [n for n in NUTRIENTS if n[0] != name]
        self.other = rng.choice(other)
        self.brand = rng.choice(BRAND_A) + rng.choice(BRAND_B)
        self.pform = rng.choice(PRODUCT_FORMS)
        self.product = f"{self.brand} {title_case(name)} {self.pform}"
        self.refs: list[str] = []  # reference entries, numbered from 1
        self.author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        self.cite_style = rng.random()  # < 0.15: no citations at all (a blog that never cites)

    # numbers --------------------------------------------------------------------------------
    def amount(self, x: float) -> str:
        return f"{fmt_num(x)} {self.unit}"

    def dose(self) -> str:
        low, high = self.range
        r = self.r
        if self.unit == "IU" and r.random() < 0.3:
            mcg = r.choice([25, 50, 100])
            return f"{mcg} mcg ({fmt_num(mcg * 40)} IU)"
        choices = sorted({low, high, (low + high) / 2, high * r.choice([1, 1, 2, 3])})
        x = r.choice(choices)
        if x > 20:
            x = round(x / 25) * 25 or x
        return self.amount(x)

    def range_text(self) -> str:
        low, high = self.range
        r = self.r
        if low == high:
            return self.amount(low)
        sep = r.choice(["–", "–", "-", " to "])
        return f"{fmt_num(low)}{sep}{fmt_num(high)} {self.unit}"

    # citations ------------------------------------------------------------------------------
    def cite(self) -> str:
        r = self.r
        if self.cite_style < 0.15:
            return ""
        if self.refs and r.random() < 0.3:
            n = r.randint(1, len(self.refs))
        else:
            self.refs.append(self.reference())
            n = len(self.refs)
        if r.random() < 0.02:
            n += r.randint(2, 5)  # a dangling marker: no such reference
        if r.random() < 0.15 and self.refs:
            m = r.randint(1, len(self.refs))
            if m != n:
                return f"[{min(n, m)}, {max(n, m)}]"
        return f"[{n}]"

    def reference(self) -> str:
        r = self.r
        k = r.random()
        year = r.choice(YEARS)
        nut = self.name
        if k < 0.3:
            return (
                f"Office of Dietary Supplements. {nut[0].upper() + nut[1:]}: Fact Sheet for Health "
                f"Professionals. Updated {year}. https://ods.od.nih.gov/factsheets/{slug(nut)}/"
            )
        authors = ", ".join(f"{r.choice(LAST)} {r.choice('ABCDEFGHJKLMNPRSTW')}" for _ in range(r.randint(1, 4)))
        if r.random() < 0.4:
            authors += " et al"
        title = r.choice(
            [
                f"Effect of {nut} supplementation on {r.choice(self.outcomes)} in {r.choice(POPULATIONS)}",
                f"{nut[0].upper() + nut[1:]} intake and risk of {r.choice(self.conds)}: {r.choice(STUDY_KINDS)}",
                f"Safety and tolerability of {nut} ({r.choice(self.forms)}) at {self.amount(self.range[1])} per day",
                f"Dietary {nut} and {r.choice(self.outcomes)}: evidence from {r.randint(3, 40)} trials",
            ]
        )
        journal = f"{r.choice(JOURNAL_A)} {r.choice(JOURNAL_B)}"
        vol, page = r.randint(3, 90), r.randint(10, 1990)
        return f"{authors}. {title}. {journal}. {year};{vol}({r.randint(1, 12)}):{page}-{page + r.randint(6, 14)}."

    # templates ------------------------------------------------------------------------------
    def fill(self, template: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: self.value(m.group(1)), template)

    def value(self, key: str) -> str:
        r = self.r
        nut = self.name
        low, high = self.range
        if key == "nut":
            return nut
        if key == "Nut":
            return nut[0].upper() + nut[1:]
        if key == "NutT":
            return title_case(nut)
        if key == "NUTUP":
            return nut.upper()
        if key in ("nut2", "nut2_t"):
            o = self.other[0]
            return o[0].upper() + o[1:] if key.endswith("_t") else o
        if key in ("cond", "cond2"):
            return r.choice(self.conds)
        if key == "cond_cap":
            c = r.choice(self.conds)
            return c[0].upper() + c[1:]
        if key == "cond_t":
            return r.choice(self.conds).title()
        if key == "outcome":
            return r.choice(self.outcomes)
        if key == "outcome_t":
            return r.choice(self.outcomes).title()
        if key == "verb":
            return r.choice(OUTCOME_VERBS)
        if key == "product":
            return self.product
        if key == "brand":
            return self.brand
        if key == "pform":
            return self.pform
        if key == "dose":
            return self.dose()
        if key == "range":
            return self.range_text()
        if key == "rda":
            return self.amount(self.rda)
        if key == "ul":
            return self.amount(self.ul or high * 4)
        if key == "low":
            return self.amount(low)
        if key == "unit":
            return self.unit
        if key == "c":
            return self.cite()
        if key == "pct":
            return str(r.choice([5, 10, 12, 15, 20, 25, 30, 33, 40, 45, 50, 60, 70, 75, 80, 90]))
        if key == "k":
            return str(r.randint(2, 12))
        if key == "year":
            return str(r.choice(YEARS))
        if key == "org":
            return r.choice(ORGS)
        if key == "med":
            return r.choice(self.meds)
        if key == "side":
            return r.choice(self.sides)
        if key == "food":
            f = self.foods
            if len(f) >= 2:
                a, b = r.sample(f, 2)
                return f"{a} and {b}"
            return f[0]
        if key == "pop":
            return r.choice(POPULATIONS)
        if key == "num":
            return str(r.choice([2, 5, 8, 10, 15, 20, 30, 37, 50, 80, 100, 250]))
        if key == "num2":
            return fmt_num(r.choice([24, 40, 60, 120, 300, 1200, 2500, 25000]))
        if key == "code":
            return r.choice(["SLEEP", "WELL", "VITA", "HEALTH", "SAVE"]) + str(r.choice([10, 15, 20, 25]))
        if key == "mult":
            return r.choice(["twice", "three times", "1.5 times", "four times"])
        if key == "drug":
            return r.choice(DRUGS)
        if key == "name":
            return r.choice(FIRST)
        if key == "last":
            return r.choice(LAST)
        if key == "weeks":
            return str(r.choice([3, 5, 7, 10, 14, 21, 30]))
        if key == "form":
            return r.choice(self.forms)
        if key == "habit":
            return r.choice(HABITS)
        if key == "bad":
            return r.choice(BAD_OUTCOMES)
        if key in ("statout", "statout2"):
            s = r.choice(STAT_OUTCOMES)
            if key == "statout2":
                s = s.replace("don't", "didn't").replace(" are ", " were ").replace("have ", "had ")
            return s
        if key == "study":
            return r.choice(STUDY_KINDS)
        if key == "exp":
            return r.choice(EXPERIENCES)
        if key == "link":
            host = r.choice(HOSTS)
            return f"<<a:{r.choice(['full fact sheet', 'official guidance', 'patient information page', 'consumer fact sheet'])}|https://{host}/{slug(nut)}>>"
        if key == "shop":
            code = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8))
            url = "https://" + r.choice(SHOPS).format(code, slug(self.product))
            if r.random() < 0.5:
                url += f"?tag={slug(self.brand)}-20"
            return f"<<a:{self.product}|{url}>>"
        if key == "author":
            return self.author
        raise KeyError(key)

    def sentence(self, mix: dict[str, float]) -> str:
        r = self.r
        kinds, weights = zip(*mix.items())
        kind = r.choices(kinds, weights)[0]
        pool = {
            "problem": PROBLEM,
            "careful": CAREFUL,
            "dose": DOSE,
            "stat": STAT,
            "narrative": NARRATIVE,
            "complex": COMPLEX,
        }[kind]
        s = self.fill(r.choice(pool))
        return re.sub(r" +([.,;])", r"\1", s).replace(" .", ".")

    def paragraph(self, mix: dict[str, float], lo: int = 2, hi: int = 6) -> str:
        return " ".join(self.sentence(mix) for _ in range(self.r.randint(lo, hi)))


def title_case(text: str) -> str:
    return " ".join(x[0].upper() + x[1:] for x in text.split(" "))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Genres: sentence mixes and section plans.
GENRES = {
    "blog": (
        {"problem": 4, "careful": 1, "dose": 2, "stat": 2, "narrative": 4, "complex": 0.2},
        ["what", "benefits", "story", "dose", "product", "bottom"],
    ),
    "explainer": (
        {"problem": 0.4, "careful": 5, "dose": 2, "stat": 2, "narrative": 2, "complex": 1},
        ["what", "evidence", "dose", "food", "safety", "faq", "bottom"],
    ),
    "product": (
        {"problem": 6, "careful": 0.3, "dose": 1.5, "stat": 1, "narrative": 1.5, "complex": 0.1},
        ["benefits", "product", "dose", "story", "faq"],
    ),
    "roundup": (
        {"problem": 3, "careful": 1.5, "dose": 1.5, "stat": 1, "narrative": 3, "complex": 0.2},
        ["what", "product", "evidence", "dose", "safety", "bottom"],
    ),
    "qa": (
        {"problem": 1, "careful": 3, "dose": 2, "stat": 1, "narrative": 2, "complex": 0.5},
        ["faq", "evidence", "safety", "dose", "bottom"],
    ),
    "news": (
        {"problem": 1, "careful": 3, "dose": 1, "stat": 3, "narrative": 2, "complex": 1.5},
        ["evidence", "what", "safety", "bottom"],
    ),
}


# Blocks: ("h", level, text) ("p", text) ("ul", items) ("ol", items) ("table", header, rows)
# ("code", lang, text) ("comment", text) ("quote", text) ("hr",) ("refs", entries)


def build_article(w: Writer, target: int) -> tuple[str, str, list[tuple]]:
    """Return (title, genre, blocks) of one article of about `target` bytes."""
    r = w.r
    genre = r.choices(list(GENRES), [4, 3, 2, 1.5, 1, 1])[0]
    mix, plan = GENRES[genre]
    title = w.fill(r.choice(TITLES))
    blocks: list[tuple] = []
    size = 0

    def add(b: tuple) -> None:
        nonlocal size
        blocks.append(b)
        size += sum(len(x) if isinstance(x, str) else len(str(x)) for x in b[1:]) + 4

    for _ in range(r.randint(1, 3)):
        add(("p", w.paragraph(mix)))
    if r.random() < 0.25:
        add(("comment", w.fill(r.choice(COMMENTS))))
    order = list(plan)
    while size < target:
        key = order.pop(0) if order else r.choice(list(HEADINGS)[1:])
        section(w, key, mix, add, r)
        if not order and size < target * 0.6:
            order = r.sample(plan, len(plan))
    if r.random() < 0.5 or genre == "explainer":
        add(("p", r.choice(DISCLAIMER_MED)))
    if genre in ("product", "roundup") and r.random() < 0.6:
        add(("p", r.choice(DISCLAIMER_DSHEA)))
    if r.random() < 0.12:
        add(("p", w.fill(r.choice(ARTIFACT))))
    if w.refs:
        add(("h", 2, r.choice(["References", "Sources", "References"])))
        add(("refs", list(w.refs)))
    elif w.cite_style >= 0.15 and r.random() < 0.1:
        add(("h", 2, "References"))
        add(("p", "References will be added soon."))
    return title, genre, blocks


def section(w: Writer, key: str, mix: dict, add, r: Random) -> None:
    add(("h", 2 if r.random() < 0.85 else 3, w.fill(r.choice(HEADINGS[key] or ["More"]))))
    n_par = r.randint(1, 3)
    for _ in range(n_par):
        add(("p", w.paragraph(mix)))
    if key in ("benefits", "what") and r.random() < 0.7:
        items = [
            w.fill(
                r.choice(
                    [
                        "Supports {outcome}",
                        "Cures {cond} without pills",
                        "May ease {cond} in some people {c}",
                        "Helps with {outcome}",
                        "Prevents {cond} for good",
                        "Calms your nervous system in minutes",
                        "Clinically proven results",
                        "Gentle on the stomach",
                        "Backed by {k} studies",
                        "The {form} form absorbs well",
                        "Fights {cond}",
                        "Better {outcome} in {weeks} days",
                    ]
                )
            )
            for _ in range(r.randint(3, 7))
        ]
        add(("ul", items))
    if key == "dose":
        if r.random() < 0.6:
            add(("table", ["Group", "Daily amount", "Upper limit"], dose_rows(w, r)))
        if r.random() < 0.4:
            add(
                (
                    "ol",
                    [
                        w.fill(t)
                        for t in r.sample(
                            [
                                "Start with {low} a day.",
                                "Take it with a meal.",
                                "Increase to {dose} after a week if needed.",
                                "Check the label for the elemental amount.",
                                "Stop if you notice {side}.",
                                "Don't exceed {ul} a day.",
                            ],
                            r.randint(3, 5),
                        )
                    ],
                )
            )
    if key == "product":
        rows = []
        for _ in range(r.randint(3, 6)):
            b = r.choice(BRAND_A) + r.choice(BRAND_B)
            rows.append(
                [
                    f"{b} {r.choice(PRODUCT_FORMS)}",
                    r.choice(w.forms),
                    w.dose(),
                    f"${r.randint(8, 60)}.{r.choice(['00', '49', '95', '99'])}",
                ]
            )
        if r.random() < 0.7:
            add(("table", ["Product", "Form", "Dose per serving", "Price"], rows))
        awards = ["Best overall", "Best budget", "Best for sleep", "Best gummy", "Editor's choice", "Runner-up"]
        if r.random() < 0.6:
            add(("ul", [f"<<b:{a}:>> {row[0]}" for a, row in zip(r.sample(awards, len(rows[:4])), rows[:4])]))
        buy = w.fill(r.choice(["Check the price: {shop}.", "Buy it here: {shop}.", "Our pick is {shop}."]))
        add(("p", buy + " " + w.paragraph(mix, 1, 3)))
    if key == "story" and r.random() < 0.7:
        add(
            (
                "quote",
                w.fill(
                    r.choice(
                        [
                            "I was skeptical, but after {weeks} days my {cond} was gone. — {name}, {k}4",
                            "It changed my life. I sleep through the night now. — {name} from Ohio",
                            "Honestly, I didn't notice much, but it didn't hurt either. — {name}",
                            "My doctor told me my levels were low, so I started at {dose}. — {name}, reader",
                        ]
                    )
                ),
            )
        )
    if key == "faq":
        for _ in range(r.randint(2, 4)):
            add(("h", 3, w.fill(r.choice(FAQ_Q))))
            add(("p", w.paragraph(mix, 1, 4)))
    if key == "food" and r.random() < 0.7:
        rows = [
            [
                f,
                r.choice(["1 cup", "100 g", "1 ounce", "2 eggs", "1 tablespoon"]),
                w.amount(round(w.rda * r.uniform(0.05, 0.6), 1)),
            ]
            for f in w.foods
        ]
        add(("table", ["Food", "Serving", w.name], rows))
    if r.random() < 0.08:
        lang, code = r.choice(CODE_SNIPPETS)
        add(("code", lang, code_fill(w, code, r)))
    if r.random() < 0.12:
        add(("comment", w.fill(r.choice(COMMENTS))))


def dose_rows(w: Writer, r: Random) -> list[list[str]]:
    groups = ["Adults 19–50", "Adults 51+", "Teens 14–18", "Children 4–8", "Pregnant", "Breastfeeding"]
    rows = []
    for g in r.sample(groups, r.randint(3, 6)):
        f = r.choice([0.5, 0.75, 1, 1, 1.2])
        rows.append([g, w.amount(round(w.rda * f, 1)), w.amount(w.ul) if w.ul else "Not set"])
    return rows


def code_fill(w: Writer, code: str, r: Random) -> str:
    d = [fmt_num(round(w.range[0] * r.choice([1, 1.5, 2]), 1)) for _ in range(3)]
    return code.format(
        nut=w.name,
        cond=r.choice(w.conds),
        d1=d[0],
        d2=d[1],
        d3=d[2],
        unit=w.unit.replace(" ", "_"),
        product=w.product,
        price=f"{r.randint(9, 49)}.99",
        form=r.choice(w.forms),
        outcome=r.choice(w.outcomes),
        k=r.randint(1, 3),
        k1=1,
        k2=2,
        k3=3,
        h1=r.choice([6, 6.5, 7]),
        h2=r.choice([7, 7.5, 8]),
        h3=r.choice([5, 5.5, 6]),
        host=r.choice(HOSTS),
        nut_slug=slug(w.name),
    )


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------

INLINE = re.compile(r"<<(b|i|a):([^|>]*)(?:\|([^>]*))?>>")


def inline_md(s: str) -> str:
    def rep(m):
        kind, text, url = m.groups()
        return {"b": f"**{text}**", "i": f"*{text}*", "a": f"[{text}]({url})"}[kind]

    return INLINE.sub(rep, s)


def inline_txt(s: str) -> str:
    return INLINE.sub(lambda m: m.group(2) + (f" ({m.group(3)})" if m.group(1) == "a" else ""), s)


def inline_html(s: str) -> str:
    out, pos = [], 0
    for m in INLINE.finditer(s):
        out.append(html.escape(s[pos : m.start()], quote=False))
        kind, text, url = m.groups()
        t = html.escape(text, quote=False)
        out.append(
            {"b": f"<strong>{t}</strong>", "i": f"<em>{t}</em>", "a": f'<a href="{html.escape(url or "")}">{t}</a>'}[
                kind
            ]
        )
        pos = m.end()
    out.append(html.escape(s[pos:], quote=False))
    return "".join(out)


def wrap(text: str, r: Random, width: int) -> str:
    """Hard-wrap prose at about `width` columns (many Markdown writers do); width 0 keeps one line."""
    if not width:
        return text
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    lines.append(cur)
    return "\n".join(lines)


def render_md(title: str, blocks: list[tuple], w: Writer, meta: dict, r: Random, shift: int = 0) -> str:
    width = r.choice([0, 0, 80, 100])
    out = []
    if meta:
        out.append("---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n")
    out.append("#" * (1 + shift) + " " + title + "\n")
    bullet = r.choice(["-", "-", "*"])
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append("#" * (b[1] + shift) + " " + b[2] + "\n")
        elif kind == "p":
            out.append(wrap(inline_md(b[1]), r, width) + "\n")
        elif kind == "ul":
            out.append("".join(f"{bullet} {inline_md(x)}\n" for x in b[1]))
        elif kind == "ol":
            out.append("".join(f"{i}. {inline_md(x)}\n" for i, x in enumerate(b[1], 1)))
        elif kind == "table":
            head, rows = b[1], b[2]
            t = "| " + " | ".join(head) + " |\n|" + "|".join("---" for _ in head) + "|\n"
            t += "".join("| " + " | ".join(row) + " |\n" for row in rows)
            out.append(t)
        elif kind == "code":
            out.append(f"```{b[1]}\n{b[2]}```\n")
        elif kind == "comment":
            out.append(f"<!-- {b[1]} -->\n")
        elif kind == "quote":
            out.append("> " + inline_md(b[1]) + "\n")
        elif kind == "refs":
            out.append("".join(f"{i}. {e}\n" for i, e in enumerate(b[1], 1)))
    return "\n".join(out)


def render_txt(title: str, blocks: list[tuple], w: Writer, r: Random) -> str:
    width = r.choice([0, 72, 78])
    out = [title + "\n" + r.choice(["=", "-"]) * len(title) + "\n"]
    if r.random() < 0.5:
        out.append(f"By {w.author}\n")
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append(b[2].upper() + "\n" if b[1] == 2 else b[2] + "\n")
        elif kind == "p":
            out.append(wrap(inline_txt(b[1]), r, width) + "\n")
        elif kind == "ul":
            out.append("".join(f"* {inline_txt(x)}\n" for x in b[1]))
        elif kind == "ol":
            out.append("".join(f"{i}) {inline_txt(x)}\n" for i, x in enumerate(b[1], 1)))
        elif kind == "table":
            head, rows = b[1], b[2]
            widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
            out.append("".join(table_line(cells, widths) for cells in [head, ["-" * n for n in widths], *rows]))
        elif kind == "code":
            out.append("".join(f"    {ln}\n" for ln in b[2].splitlines()))
        elif kind == "comment":
            continue
        elif kind == "quote":
            out.append('"' + inline_txt(b[1]) + '"\n')
        elif kind == "refs":
            out.append("".join(f"[{i}] {e}\n" for i, e in enumerate(b[1], 1)))
    return "\n".join(out)


def table_line(cells: list, widths: list[int]) -> str:
    return "  ".join(str(c).ljust(n) for c, n in zip(cells, widths)).rstrip() + "\n"


def render_html(title: str, blocks: list[tuple], w: Writer, meta: dict, r: Random) -> str:
    wp = r.random() < 0.3  # a WordPress export: block comments around everything
    e = lambda s: html.escape(s, quote=False)  # noqa: E731
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '  <meta charset="utf-8">', f"  <title>{e(title)}</title>"]
    if meta.get("description"):
        out.append(f'  <meta name="description" content="{html.escape(meta["description"])}">')
    out.append(f'  <meta name="author" content="{html.escape(w.author)}">')
    if r.random() < 0.4:
        out.append("  <style>body { font-family: sans-serif; } .hero { color: #2a7; }</style>")
    if r.random() < 0.3:
        out.append(f'  <script>window.dataLayer = window.dataLayer || []; var sku = "{slug(w.product)}";</script>')
    out += ["</head>", "<body>"]
    if r.random() < 0.6:
        out.append('  <nav><a href="/">Home</a> | <a href="/health">Health</a> | <a href="/shop">Shop</a></nav>')
    out.append("  <article>")
    out.append(f"    <h1>{e(title)}</h1>")
    out.append(f'    <p class="byline">By {e(w.author)} &middot; {meta.get("date", "2020-01-01")}</p>')
    for b in blocks:
        kind = b[0]
        pre = post = ""
        if wp and kind in ("p", "h", "ul", "ol", "table"):
            name = {"p": "paragraph", "h": "heading", "ul": "list", "ol": "list", "table": "table"}[kind]
            pre, post = f"    <!-- wp:{name} -->\n", f"\n    <!-- /wp:{name} -->"
        if kind == "h":
            s = f"    <h{b[1]}>{e(b[2])}</h{b[1]}>"
        elif kind == "p":
            s = f"    <p>{inline_html(b[1])}</p>"
        elif kind in ("ul", "ol"):
            s = f"    <{kind}>\n" + "".join(f"      <li>{inline_html(x)}</li>\n" for x in b[1]) + f"    </{kind}>"
        elif kind == "table":
            head, rows = b[1], b[2]
            s = (
                "    <table>\n      <thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>\n"
                "      <tbody>\n"
                + "".join("        <tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>\n" for row in rows)
                + "      </tbody>\n    </table>"
            )
        elif kind == "code":
            s = f'    <pre><code class="language-{b[1]}">{e(b[2])}</code></pre>'
        elif kind == "comment":
            s = f"    <!-- {e(b[1])} -->"
        elif kind == "quote":
            s = f"    <blockquote><p>{inline_html(b[1])}</p></blockquote>"
        elif kind == "refs":
            s = '    <ol class="references">\n' + "".join(f"      <li>{e(x)}</li>\n" for x in b[1]) + "    </ol>"
        else:
            continue
        out.append(pre + s + post)
    out.append("  </article>")
    if r.random() < 0.6:
        year = meta.get("year", 2024)
        out.append(f"  <footer><p>&copy; {year} {e(w.brand)} Media. All rights reserved.</p></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def meta_for(w: Writer, title: str, genre: str, r: Random, year: int) -> dict:
    date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    meta = {
        "title": '"' + title.replace('"', "'") + '"',
        "date": date,
        "author": w.author,
        "tags": f"[{slug(w.name)}, {r.choice(SECTIONS)}]",
        "year": year,
    }
    if r.random() < 0.5:
        meta["description"] = w.fill(
            r.choice(
                [
                    "Learn how {nut} can help with {outcome}.",
                    "The best {nut} supplement for {outcome}, reviewed.",
                    "What the evidence says about {nut} and {cond}.",
                ]
            )
        )
    if genre in ("product", "roundup"):
        meta["affiliate"] = "true"
    return meta


def target_size(r: Random) -> int:
    # log-normal around the mean, clipped: most articles 2-12 KB, a few longer.
    return int(min(40_000, max(1_200, r.lognormvariate(8.19, 0.5))))


def article(seed: int, i: int) -> tuple[str, str]:
    """The i-th small article: (relative path, text)."""
    r = Random(seed * 1_000_003 + i)
    w = Writer(r)
    year = r.choice(YEARS)
    title, genre, blocks = build_article(w, target_size(r))
    ext = r.choices(["md", "html", "txt"], [55, 25, 20])[0]
    meta = meta_for(w, title, genre, r, year)
    if ext == "md":
        md_meta = {k: v for k, v in meta.items() if k != "year"} if r.random() < 0.6 else {}
        text = render_md(title, blocks, w, md_meta, r)
    elif ext == "html":
        text = render_html(title, blocks, w, meta, r)
    else:
        text = render_txt(title, blocks, w, r)
    section_dir = SECTIONS[(i * 7 + r.randint(0, 2)) % len(SECTIONS)]
    name = f"{i:04d}-{slug(title)[:60].strip('-')}.{ext}"
    return f"small/{section_dir}/{year}/{name}", text


def renumber(text: str, offset: int) -> str:
    """Shift citation markers: [3] -> [3 + offset], [2, 5] -> [2 + offset, 5 + offset]."""
    return re.sub(
        r"\[(\d+)(?:, (\d+))?\]", lambda m: "[" + ", ".join(str(int(g) + offset) for g in m.groups() if g) + "]", text
    )


def large_article(seed: int, megabytes: float) -> str:
    """One long Markdown compilation: front matter, contents, hundreds of demoted articles, one reference list."""
    r = Random(seed * 1_000_003 + 999_999_937)
    goal = int(megabytes * MB)
    parts: list[str] = []
    toc: list[str] = []
    all_refs: list[str] = []
    size = 0
    n = 0
    while size < goal:
        w = Writer(r)
        title, genre, blocks = build_article(w, target_size(r))
        # Renumber this article's citations into the shared list.
        offset = len(all_refs)
        refs = next((b[1] for b in blocks if b[0] == "refs"), [])
        all_refs.extend(refs)
        blocks = [b for b in blocks if b[0] != "refs" and not (b[0] == "h" and b[2] in ("References", "Sources"))]
        if offset:
            blocks = [
                (b[0], renumber(b[1], offset))
                if b[0] in ("p", "quote")
                else (b[0], [renumber(x, offset) for x in b[1]])
                if b[0] in ("ul", "ol")
                else b
                for b in blocks
            ]
        year = r.choice(YEARS)
        n += 1
        anchor = f"{n}-{slug(title)}"
        toc.append(f"{n}. [{title}](#{anchor})")
        body = render_md(f"{n}. {title}", blocks, w, {}, r, shift=1)
        byline = f"*{w.author}, {year}-{r.randint(1, 12):02d}. Filed under {r.choice(SECTIONS)}.*\n\n"
        first_nl = body.index("\n") + 1
        body = body[:first_nl] + "\n" + byline + body[first_nl:]
        if r.random() < 0.1:
            body += f"\n<!-- migrated from the old CMS, post id {r.randint(1000, 99999)} -->\n"
        parts.append(body)
        size += len(body.encode()) + len(toc[-1].encode()) + 5 + sum(len(e.encode()) + 7 for e in refs)
    head = (
        '---\ntitle: "Health Library Archive 2015–2024"\nauthor: Editorial team\n'
        "description: Every article from our health library, compiled in one document.\n---\n\n"
        "# Health Library Archive 2015–2024\n\n"
        "This archive collects every article published in our health library, oldest first. Articles "
        "appear as they were published; some claims were later corrected, and the corrections are noted "
        "where they exist. Citations are numbered across the whole archive and listed at the end.\n\n"
        "## Contents\n\n" + "\n".join(toc) + "\n\n---\n\n"
    )
    refs = "\n## References\n\n" + "".join(f"{i}. {e}\n" for i, e in enumerate(all_refs, 1))
    return head + "\n---\n\n".join(parts) + refs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parent / "corpus"),
        help="output directory (default: bench/corpus); its small/ and large/ are replaced",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=2000, help="number of small articles (default 2000, ~12 MB)")
    ap.add_argument("--large-mb", type=float, default=5.0, help="size of large/archive.md in MB (0: none)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    for sub in ("small", "large"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    total = 0
    for i in range(args.articles):
        rel, text = article(args.seed, i)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    print(f"{args.articles} articles, {total / MB:.2f} MB in {out / 'small'}", file=sys.stderr)
    if args.large_mb > 0:
        data = large_article(args.seed, args.large_mb).encode("utf-8")
        (out / "large").mkdir(parents=True, exist_ok=True)
        (out / "large" / "archive.md").write_bytes(data)
        print(f"1 article, {len(data) / MB:.2f} MB in {out / 'large' / 'archive.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
