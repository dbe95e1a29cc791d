"""Writes test/analysis/fixtures/realistic-trials.csv and realistic-responses.csv (deterministic, numpy seed 20261122).

Three conditions, 24-30 participants each, 20 two-stage binary trials, AI wrong on 30% of trials, a few trials
excluded (attention check, too fast), one participant whose trials are all excluded, one whose AI is never wrong
(overreliance undefined for them). Responses: jian_trust (12 items 1-7) and propensity (6 items 1-5), some missing.
Run: python3 test/analysis/reference/make_realistic_fixture.py
"""
import csv
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures')
rng = np.random.default_rng(20261122)

conditions = [('none', 26, 0.55), ('confidence', 24, 0.65), ('feature_importance', 30, 0.72)]
labels = ['contact', 'wait']
rows = []
responses = []
pid = 0
for condition, count, follow_rate in conditions:
    for p in range(count):
        pid += 1
        participant = f'P{pid:03d}'
        skill = rng.uniform(0.55, 0.85)
        never_wrong = (condition == 'confidence' and p == 0)
        all_excluded = (condition == 'none' and p == 1)
        for t in range(20):
            truth = labels[rng.integers(0, 2)]
            other = labels[1 - labels.index(truth)]
            ai_right = True if never_wrong else rng.random() > 0.3
            advice = truth if ai_right else other
            initial = truth if rng.random() < skill else other
            if initial == advice:
                final = initial if rng.random() < 0.95 else (other if initial == truth else truth)
            else:
                final = advice if rng.random() < follow_rate * (1.1 if ai_right else 0.6) else initial
            excluded = ''
            reason = ''
            if all_excluded:
                excluded, reason = '1', 'attention check failed'
            elif rng.random() < 0.03:
                excluded, reason = '1', 'too fast'
            elif rng.random() < 0.02:
                excluded = '0'
            rows.append({
                'participant_id': participant, 'condition': condition, 'trial_index': t,
                'case_id': f'C{rng.integers(1, 400):03d}', 'truth': truth, 'ai_advice': advice,
                'ai_confidence': f'{rng.uniform(0.5, 0.99):.2f}' if condition == 'confidence' else '',
                'initial': initial, 'final': final,
                'initial_rt_ms': int(rng.integers(900, 9000)), 'final_rt_ms': int(rng.integers(500, 6000)),
                'excluded': excluded, 'exclusion_reason': reason, 'note': 'extra column kept and ignored',
            })
        trust_level = rng.normal(0.3 * follow_rate, 1.0)
        for item in range(1, 13):
            if rng.random() < 0.02:
                continue  # a missing answer: that participant's subscale is not scored
            base = 4 + trust_level * (1.2 if item > 5 else -1.2) + rng.normal(0, 1)
            responses.append((participant, 'jian_trust', item, int(np.clip(round(base), 1, 7))))
        for item in range(1, 7):
            base = 3 + 0.8 * trust_level * (-1 if item == 2 else 1) + rng.normal(0, 0.8)
            responses.append((participant, 'propensity', f'prop_{item}', int(np.clip(round(base), 1, 5))))

fields = ['participant_id', 'condition', 'trial_index', 'case_id', 'truth', 'ai_advice', 'ai_confidence', 'initial',
          'final', 'initial_rt_ms', 'final_rt_ms', 'excluded', 'exclusion_reason', 'note']
with open(os.path.join(OUT, 'realistic-trials.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
with open(os.path.join(OUT, 'realistic-responses.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['participant_id', 'scale', 'item', 'value'])
    w.writerows(responses)
print(len(rows), 'trials,', len(responses), 'responses')
