"""Writes test/analysis/fixtures/within-trials.csv and factorial-trials.csv (deterministic, numpy seed 20261206).

within-trials.csv: a within-subjects study, 3 conditions (none, confidence, feature_importance) in blocks of 12
two-stage binary trials, block orders from a cyclic Latin square by participant number; 30 participants, two of whom
stop before their last block (incomplete), a few trials excluded (too fast), AI wrong on about 25% of trials.
factorial-trials.csv: a between-subjects 3 x 2 factorial (explanation x framing), one-stage categorical task
(3 labels), 7-12 participants per cell, 15 trials each; condition ids are "explanation+framing" as the experiment file
names them, the levels are also in their own columns, and a `batch` column (1 or 2) for --where.
Run: python3 test/analysis/reference/make_design_fixtures.py
"""
import csv
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures')
rng = np.random.default_rng(20261206)
HEADER = ['participant_id', 'condition', 'trial_index', 'case_id', 'truth', 'ai_advice', 'ai_confidence', 'initial',
          'final', 'initial_rt_ms', 'final_rt_ms', 'excluded', 'exclusion_reason']

conditions = [('none', 0.55), ('confidence', 0.65), ('feature_importance', 0.72)]
labels = ['contact', 'wait']
rows = []
for p in range(30):
    pid = f'W{p + 1:03d}'
    skill = rng.uniform(0.55, 0.85)
    order = [(p + i) % 3 for i in range(3)]
    blocks = 2 if p in (7, 19) else 3
    t = 0
    for position in range(blocks):
        condition, follow = conditions[order[position]]
        for _ in range(12):
            truth = labels[rng.integers(0, 2)]
            other = labels[1 - labels.index(truth)]
            ai_right = rng.random() > 0.25
            advice = truth if ai_right else other
            initial = truth if rng.random() < skill else other
            if initial == advice:
                final = initial if rng.random() < 0.95 else other if initial == truth else truth
            else:
                final = advice if rng.random() < follow * (1.1 if ai_right else 0.6) else initial
            too_fast = rng.random() < 0.02
            rows.append([pid, condition, t, f'c{rng.integers(1, 200)}', truth, advice, '', initial, final,
                         int(rng.integers(2500, 9000)), int(rng.integers(800 if too_fast else 2500, 6000)),
                         '1' if too_fast else '', 'too_fast' if too_fast else ''])
            t += 1
with open(os.path.join(OUT, 'within-trials.csv'), 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(HEADER)
    w.writerows(rows)

explanation = [('none', 0.0), ('rationale', 0.08), ('similar_cases', 0.12)]
framing = [('outil', 0.0), ('autorite', 0.1)]
labels3 = ['accorder', 'refuser', 'pieces']
rows = []
pid = 0
for e, de in explanation:
    for fr, df in framing:
        for _ in range(int(rng.integers(7, 13))):
            pid += 1
            base = rng.uniform(0.45, 0.7) + de + df + (0.08 if (e == 'similar_cases' and fr == 'autorite') else 0)
            batch = 1 + int(rng.random() < 0.4)
            for t in range(15):
                truth = labels3[rng.integers(0, 3)]
                ai_right = rng.random() > 0.23
                advice = truth if ai_right else labels3[(labels3.index(truth) + rng.integers(1, 3)) % 3]
                final = advice if rng.random() < base else labels3[rng.integers(0, 3)]
                rows.append([f'F{pid:03d}', f'{e}+{fr}', t, f'ae{rng.integers(1, 133)}', truth, advice,
                             round(float(rng.uniform(0.5, 0.99)), 2), '', final, '', int(rng.integers(2500, 9000)), '', '',
                             e, fr, batch])
with open(os.path.join(OUT, 'factorial-trials.csv'), 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(HEADER + ['explanation', 'framing', 'batch'])
    w.writerows(rows)
