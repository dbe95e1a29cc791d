"""Writes the numeric and one-stage categorical fixtures (deterministic, numpy seed 7) used against metrics_reference.py.

numeric-trials.csv: flood evacuation estimates (households), two-stage, two conditions, advice sometimes equal to the
initial estimate (weight of advice excluded) and final estimates beyond the advice or away from it (clamped).
categorical-one-stage.csv: grant/refuse/documents, one stage (no initial decision), three conditions.
Run: python3 test/analysis/reference/make_other_fixtures.py
"""
import csv
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures')
rng = np.random.default_rng(7)
HEADER = ['participant_id', 'condition', 'trial_index', 'case_id', 'truth', 'ai_advice', 'ai_confidence', 'initial',
          'final', 'initial_rt_ms', 'final_rt_ms', 'excluded']

rows = []
for p in range(24):
    condition = 'none' if p % 2 == 0 else 'confidence'
    for t in range(12):
        truth = int(rng.integers(40, 400))
        advice = truth + int(rng.choice([0, 0, 5, -20, 60]))
        initial = truth + int(rng.normal(0, 40))
        if rng.random() < 0.12:
            initial = advice  # weight of advice undefined
        move = rng.choice([0.0, 0.5, 1.0, 1.3, -0.2, float(rng.uniform(0, 1))])
        final = int(round(initial + move * (advice - initial)))
        rows.append([f'N{p:02d}', condition, t, f'F{t}', truth, advice, '', initial, final, 3000, 2000,
                     '1' if rng.random() < 0.04 else ''])
with open(os.path.join(OUT, 'numeric-trials.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(HEADER)
    w.writerows(rows)

labels = ['grant', 'refuse', 'documents']
rows = []
for p in range(30):
    condition = ['rationale', 'none', 'similar_cases'][p % 3]
    for t in range(15):
        truth = labels[rng.integers(0, 3)]
        advice = truth if rng.random() < 0.75 else labels[rng.integers(0, 3)]
        final = advice if rng.random() < 0.7 else labels[rng.integers(0, 3)]
        rows.append([f'K{p:02d}', condition, t, f'A{t}', truth, advice, '', '', final, '', 2500, ''])
with open(os.path.join(OUT, 'categorical-one-stage.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(HEADER)
    w.writerows(rows)
