"""Independent reference implementation of METRICS.md (sections 1-4) with SciPy, for the analysis tests.

Reads a trial CSV (and optionally a responses CSV) and writes the expected values of `confiance analyze --format json`
except the bootstrap intervals (seeded resampling cannot be reproduced across implementations; they are tested apart).
Python 3, SciPy 1.17.1, NumPy 2.4.6. The SciPy calls are the ones METRICS.md names:
  scipy.stats.chi2_contingency(t, correction=False), scipy.stats.fisher_exact(t),
  scipy.stats.ttest_ind(a, b, equal_var=False), scipy.stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True),
  scipy.stats.f_oneway(*groups), scipy.stats.kruskal(*groups), scipy.stats.spearmanr(x, y);
Holm is written out as R's p.adjust(p, 'holm'): p_(i) = min(1, max_{j<=i} (m - j + 1) p_(j)).
Within-subjects data (a participant in several conditions): scipy.stats.ttest_rel(a, b) and
scipy.stats.wilcoxon(a, b, zero_method='wilcox', correction=True, method='asymptotic') on the participants with a ratio
in both conditions (Holm on the paired-t p), scipy.stats.friedmanchisquare on those with a ratio in every condition.
Between-subjects Hedges' g interval: g +- 1.959963984540054 sqrt(var) with the variance of statsmodels 0.13.5
effectsize_smd, (nA+nB)/(nA nB) + g^2/(2 (nA+nB-3.94)).
--factors a,b (levels = condition id split on "+"): type II ANOVA of each metric's per-participant ratios by R
car::Anova(lm(rate ~ a * b), type = 2) through Rscript (car 3.1.1, R 4.2.2).
Run: python3 metrics_reference.py trials.csv [responses.csv] [--tolerance x] [--task numeric] [--factors a,b] > expected.json
"""
import subprocess
import csv
import json
import math
import sys
import numpy as np
from scipy import stats

Z = 1.959963984540054
METRICS = ['accuracy_initial', 'accuracy_final', 'accuracy_ai', 'agreement', 'switch', 'overreliance',
           'underreliance', 'rair', 'rsr', 'overreliance_after_disagreement', 'accuracy_after_disagreement']
NEEDS_INITIAL = {'accuracy_initial', 'switch', 'rair', 'rsr', 'overreliance_after_disagreement', 'accuracy_after_disagreement'}


def is_number(s):
    try:
        return math.isfinite(float(s))
    except ValueError:
        return False


def read_trials(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f))


def indicators(row, same):
    y, a, h1 = row['truth'], row['ai_advice'], row['final']
    h0 = row.get('initial') or None
    ind = {'AIc': same(a, y), 'H1c': same(h1, y), 'follow': same(h1, a), 'has_h0': h0 is not None}
    if h0 is not None:
        ind.update(H0c=same(h0, y), diag=not same(h0, a), stay=same(h1, h0))
    return ind


def metric_kn(inds, key):
    """(k, n) of one metric over a list of trial indicators, straight from the table of METRICS.md section 2."""
    if key == 'accuracy_initial':
        den = [i for i in inds if i['has_h0']]; num = [i for i in den if i['H0c']]
    elif key == 'accuracy_final':
        den = inds; num = [i for i in den if i['H1c']]
    elif key == 'accuracy_ai':
        den = inds; num = [i for i in den if i['AIc']]
    elif key == 'agreement':
        den = inds; num = [i for i in den if i['follow']]
    elif key == 'switch':
        den = [i for i in inds if i['has_h0'] and i['diag']]; num = [i for i in den if i['follow']]
    elif key == 'overreliance':
        den = [i for i in inds if not i['AIc']]; num = [i for i in den if i['follow']]
    elif key == 'underreliance':
        den = [i for i in inds if i['AIc']]; num = [i for i in den if not i['follow']]
    elif key == 'rair':
        den = [i for i in inds if i['has_h0'] and not i['H0c'] and i['AIc']]; num = [i for i in den if i['follow']]
    elif key == 'rsr':
        den = [i for i in inds if i['has_h0'] and i['H0c'] and not i['AIc']]; num = [i for i in den if i['stay']]
    elif key == 'overreliance_after_disagreement':
        den = [i for i in inds if i['has_h0'] and i['diag'] and not i['AIc']]; num = [i for i in den if i['follow']]
    elif key == 'accuracy_after_disagreement':
        den = [i for i in inds if i['has_h0'] and i['diag']]; num = [i for i in den if i['H1c']]
    return len(num), len(den)


def wilson(k, n):
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return [centre - half, centre + half]


def num(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def holm(ps):
    """R p.adjust(p, 'holm'); None entries are left out and stay None."""
    idx = [i for i, p in enumerate(ps) if p is not None]
    order = sorted(idx, key=lambda i: ps[i])
    m = len(order)
    out = [None] * len(ps)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


def welch(a, b):
    if len(a) < 2 or len(b) < 2:
        return None
    r = stats.ttest_ind(a, b, equal_var=False)
    if not math.isfinite(r.statistic):
        return None
    na, nb = len(a), len(b)
    sp = math.sqrt(((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2))
    g = None if sp == 0 else (np.mean(a) - np.mean(b)) / sp * (1 - 3 / (4 * (na + nb) - 9))
    return {'t': float(r.statistic), 'df': float(r.df), 'p': float(r.pvalue), 'hedges_g': num(g)}


def mann_whitney(a, b):
    if len(a) < 1 or len(b) < 1:
        return None
    r = stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True, alternative='two-sided')
    # All values tied: sigma = 0; SciPy gives p = nan (or 1 after clipping, by version); METRICS.md keeps p = 1.
    p = float(r.pvalue) if math.isfinite(r.pvalue) else 1.0
    return {'U': float(r.statistic), 'p': p, 'rank_biserial': 2 * float(r.statistic) / (len(a) * len(b)) - 1}


def table_tests(kA, nA, kB, nB):
    t = [[kA, nA - kA], [kB, nB - kB]]
    cells = [kA, nA - kA, kB, nB - kB]
    c = [x + 0.5 for x in cells] if 0 in cells else cells
    odds = (c[0] * c[3]) / (c[1] * c[2])
    try:
        chi = stats.chi2_contingency(t, correction=False)
        chi2, chi2_p = float(chi.statistic), float(chi.pvalue)
    except ValueError:  # a zero row or column total: expected frequency 0, no chi-square
        chi2 = chi2_p = None
    fisher_p = float(stats.fisher_exact(t).pvalue)
    v = None if chi2 is None else math.sqrt(chi2 / (nA + nB))
    return odds, chi2, chi2_p, fisher_p, v


def hedges_ci(g, na, nb):
    if g is None:
        return None
    half = Z * math.sqrt((na + nb) / (na * nb) + g * g / (2 * (na + nb - 3.94)))
    return [g - half, g + half]


def paired_tests(a_by_pid, b_by_pid):
    pids = [pid for pid in a_by_pid if pid in b_by_pid]
    a = [a_by_pid[p] for p in pids]; b = [b_by_pid[p] for p in pids]
    pt = wx = None
    d = np.subtract(a, b)
    if len(pids) >= 2 and np.std(d, ddof=1) > 0:
        r = stats.ttest_rel(a, b)
        dz = d.mean() / d.std(ddof=1)
        gz = dz * (1 - 3 / (4 * (len(a) - 1) - 1))
        half = Z * math.sqrt(1 / len(a) + gz * gz / (2 * len(a)))
        pt = {'t': float(r.statistic), 'df': float(r.df), 'p': float(r.pvalue), 'mean_difference': float(d.mean()),
              'dz': float(dz), 'hedges_gz': float(gz), 'hedges_gz_ci': [gz - half, gz + half], 'n': len(a)}
    nz = d[d != 0]
    if len(nz) > 0:
        r = stats.wilcoxon(a, b, zero_method='wilcox', correction=True, method='asymptotic')
        rk = stats.rankdata(np.abs(nz))
        rp, rm = rk[nz > 0].sum(), rk[nz < 0].sum()
        if math.isfinite(r.pvalue):
            wx = {'W': float(r.statistic), 'p': float(r.pvalue), 'rank_biserial': float((rp - rm) / (rp + rm)), 'n': int(len(nz))}
    return pt, wx


def type2_anova(factors, cells):
    """R car::Anova(lm(rate ~ f1 * f2 ...), type = 2) on per-participant rates; cells = [(levels, rates)]."""
    data = [[*levels, r] for levels, rates in cells for r in rates]
    code = ('suppressMessages(library(car)); library(jsonlite); d <- as.data.frame(fromJSON(file("stdin")), stringsAsFactors = FALSE);'
            f'names(d) <- c({", ".join(repr(f) for f in factors)}, "rate"); d$rate <- as.numeric(d$rate);'
            f'a <- car::Anova(lm(rate ~ {" * ".join(factors)}, data = d), type = 2);'
            'cat(toJSON(list(terms = rownames(a), sum_sq = a[["Sum Sq"]], df = a[["Df"]], F = a[["F value"]], p = a[["Pr(>F)"]]), digits = NA, na = "null"))')
    r = json.loads(subprocess.run(['Rscript', '-e', code], input=json.dumps(data), capture_output=True, text=True, check=True).stdout)
    last = len(r['terms']) - 1
    return {'terms': [{'term': r['terms'][i], 'sum_sq': r['sum_sq'][i], 'df': r['df'][i], 'F': r['F'][i], 'p': r['p'][i]}
                      for i in range(last)],
            'residual': {'sum_sq': r['sum_sq'][last], 'df': r['df'][last]}, 'n': len(data)}


def analyze(trials_path, responses_path=None, tolerance=0.0, task=None, factors=None):
    rows = read_trials(trials_path)
    included = [r for r in rows if (r.get('excluded') or '').strip() != '1']
    values = [r[c] for r in included for c in ('truth', 'ai_advice', 'final')] + \
             [r['initial'] for r in included if r.get('initial')]
    distinct_truths = len({float(r['truth']) for r in included}) if all(map(is_number, values)) else 0
    numeric = task == 'numeric' or (task is None and all(map(is_number, values)) and distinct_truths > 2)
    same = (lambda x, y: abs(float(x) - float(y)) <= tolerance) if numeric else (lambda x, y: x == y)
    two_stage = any(r.get('initial') for r in included)
    order = []
    by_participant = {}
    for r in included:
        if r['condition'] not in order:
            order.append(r['condition'])
        by_participant.setdefault((r['condition'], r['participant_id']), []).append(r)
    control = 'none' if 'none' in order else order[0]
    order = [control] + [c for c in order if c != control]  # the control first in every output
    conditions_of = {}
    for (c, pid) in by_participant:
        conditions_of.setdefault(pid, set()).add(c)
    within = any(len(cs) > 1 for cs in conditions_of.values())
    cond_out, per_participant = [], {}
    for cond in order:
        parts = {pid: rs for (c, pid), rs in by_participant.items() if c == cond}
        inds_all = [indicators(r, same) for rs in parts.values() for r in rs]
        metrics = {}
        for key in METRICS:
            if key in NEEDS_INITIAL and not two_stage:
                metrics[key] = None
                continue
            k, n = metric_kn(inds_all, key)
            ratios = []
            for pid, rs in parts.items():
                kk, nn = metric_kn([indicators(r, same) for r in rs], key)
                if nn > 0:
                    ratios.append(kk / nn)
                    per_participant.setdefault((cond, key), {})[pid] = kk / nn
            metrics[key] = {'k': k, 'n': n, 'value': k / n if n else None, 'wilson': wilson(k, n) if n else None,
                            'participant_mean': float(np.mean(ratios)) if ratios else None,
                            'participants_defined': len(ratios), 'participants_undefined': len(parts) - len(ratios)}
        if numeric and two_stage:
            raws, excluded, pmeans = [], 0, []
            for pid, rs in parts.items():
                mine = []
                for r in rs:
                    h0, a, h1 = float(r['initial']), float(r['ai_advice']), float(r['final'])
                    if same(r['ai_advice'], r['initial']):
                        excluded += 1
                        continue
                    raws.append((h1 - h0) / (a - h0))
                    mine.append(min(1.0, max(0.0, (h1 - h0) / (a - h0))))
                if mine:
                    pmeans.append(float(np.mean(mine)))
            clamped = np.clip(raws, 0, 1)
            metrics['woa'] = {'mean': float(np.mean(clamped)) if raws else None,
                              'raw_mean': float(np.mean(raws)) if raws else None, 'n': len(raws), 'excluded': excluded,
                              'share_0': float(np.mean(clamped == 0)) if raws else None,
                              'share_1': float(np.mean(clamped == 1)) if raws else None,
                              'participant_mean': float(np.mean(pmeans)) if pmeans else None}
        v = {key: (m['value'] if m else None) for key, m in metrics.items() if key in METRICS}
        acc = [x for x in (v['accuracy_initial'], v['accuracy_ai']) if x is not None]
        comp = None if v['accuracy_final'] is None or not acc else v['accuracy_final'] > max(acc)
        rd = None if v['underreliance'] is None or v['overreliance'] is None else (1 - v['underreliance']) - v['overreliance']
        cond_out.append({'condition': cond, 'participants': len(parts), 'trials': len(inds_all), 'metrics': metrics,
                         'complementarity': comp, 'reliance_discrimination': rd})

    comparisons, omnibus, factorial = [], [], []
    by_cond = {c['condition']: c for c in cond_out}
    for key in METRICS:
        if by_cond[control]['metrics'][key] is None:
            continue
        block = []
        for cond in order:
            if cond == control:
                continue
            A, B = by_cond[cond]['metrics'][key], by_cond[control]['metrics'][key]
            a = list(per_participant.get((cond, key), {}).values())
            b = list(per_participant.get((control, key), {}).values())
            entry = {'metric': key, 'condition': cond, 'control': control}
            if A['n'] and B['n']:
                pA, pB = A['value'], B['value']
                (lA, uA), (lB, uB) = A['wilson'], B['wilson']
                d = pA - pB
                odds, chi2, chi2_p, fisher_p, cv = table_tests(A['k'], A['n'], B['k'], B['n'])
                entry.update(difference=d,
                             newcombe=[d - math.sqrt((pA - lA) ** 2 + (uB - pB) ** 2),
                                       d + math.sqrt((uA - pA) ** 2 + (pB - lB) ** 2)],
                             odds_ratio=odds, chi2=chi2, chi2_p=chi2_p, fisher_p=fisher_p, cramers_v=cv)
            else:
                entry.update(difference=None, newcombe=None, odds_ratio=None, chi2=None, chi2_p=None, fisher_p=None,
                             cramers_v=None)
            if within:
                entry['welch'] = entry['mann_whitney'] = None
                entry['paired_t'], entry['wilcoxon'] = paired_tests(per_participant.get((cond, key), {}),
                                                                    per_participant.get((control, key), {}))
                entry['holm_test'] = 'paired_t'
            else:
                entry['welch'] = welch(a, b)
                if entry['welch']:
                    entry['welch']['hedges_g_ci'] = hedges_ci(entry['welch']['hedges_g'], len(a), len(b))
                entry['mann_whitney'] = mann_whitney(a, b)
                entry['holm_test'] = 'welch'
            block.append(entry)
        tested = [(e['paired_t'] if within else e['welch']) for e in block]
        for entry, p in zip(block, holm([t['p'] if t else None for t in tested])):
            entry['p_holm'] = p
        comparisons += block
        if factors and not within:
            levels = {c: c.split('+') for c in order}
            factorial.append({'metric': key, **type2_anova(factors, [(levels[c], list(per_participant.get((c, key), {}).values())) for c in order])})
        if len(order) > 2 and within:
            ratios = [per_participant.get((c, key), {}) for c in order]
            everyone = {pid for r in ratios for pid in r}
            complete = [pid for pid in everyone if all(pid in r for r in ratios)]
            fr = None
            if complete:
                r = stats.friedmanchisquare(*[[ratios[j][pid] for pid in complete] for j in range(len(order))])
                if math.isfinite(r.statistic):
                    fr = {'chi2': float(r.statistic), 'df': len(order) - 1, 'p': float(r.pvalue), 'n': len(complete),
                          'participants_incomplete': len(everyone) - len(complete)}
            omnibus.append({'metric': key, 'anova': None, 'kruskal': None, 'friedman': fr})
        elif len(order) > 2:
            groups = [list(per_participant.get((c, key), {}).values()) for c in order]
            groups = [g for g in groups if g]
            an = kr = None
            if len(groups) > 2 and sum(map(len, groups)) > len(groups):
                r = stats.f_oneway(*groups)
                if math.isfinite(r.statistic):
                    an = {'F': float(r.statistic), 'df1': len(groups) - 1, 'df2': sum(map(len, groups)) - len(groups),
                          'p': float(r.pvalue)}
                if len({x for g in groups for x in g}) > 1:
                    r = stats.kruskal(*groups)
                    kr = {'H': float(r.statistic), 'df': len(groups) - 1, 'p': float(r.pvalue)}
            omnibus.append({'metric': key, 'anova': an, 'kruskal': kr})

    scales = []
    if responses_path:
        scales = reference_scales(responses_path, order, control, by_participant, per_participant)
    labels = {r[c] for r in included for c in ('truth', 'ai_advice', 'final', 'initial') if r.get(c)}
    kind = 'numeric' if numeric else ('categorical' if len(labels) > 2 else 'binary')
    out = {'experiment': trials_path.split('/')[-1], 'control': control, 'task': kind,
           'design': {'type': 'within' if within else 'between'},
           'conditions': cond_out, 'comparisons': comparisons, 'omnibus': omnibus, 'scales': scales,
           'exclusions': {'trials': len(rows) - len(included)}}
    if factors:
        out['factorial'] = factorial
    return out


SCALES = {
    'jian_trust': (1, 7, [('distrust', range(1, 6), []), ('trust', range(6, 13), []),
                          ('overall', range(1, 13), list(range(1, 6)))]),
    'propensity': (1, 5, [('propensity', range(1, 7), [2])]),
}


def cronbach_alpha(matrix):
    m = np.asarray(matrix, dtype=float)
    k = m.shape[1]
    return k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))


def reference_scales(path, order, control, by_participant, per_participant):
    condition_of = {pid: c for (c, pid) in by_participant}
    answers = {}
    with open(path, newline='', encoding='utf-8-sig') as f:
        for r in csv.DictReader(f):
            answers.setdefault(r['scale'], {}).setdefault(r['participant_id'], {})[int(r['item'].split('_')[-1])] = float(r['value'])  # 'prop_2' or '2'
    out = []
    for scale, (lo, hi, subscales) in SCALES.items():
        if scale not in answers:
            continue
        for name, items, reversed_items in subscales:
            rows_by_cond = {c: {} for c in order}
            for pid, given in answers[scale].items():
                if pid not in condition_of or any(i not in given for i in items):
                    continue
                rows_by_cond[condition_of[pid]][pid] = [lo + hi - given[i] if i in reversed_items else given[i]
                                                        for i in items]
            summary = []
            for c in order:
                mat = list(rows_by_cond[c].values())
                scores = [float(np.mean(x)) for x in mat]
                summary.append({'condition': c, 'n': len(scores), 'mean': float(np.mean(scores)) if scores else None,
                                'sd': float(np.std(scores, ddof=1)) if len(scores) > 1 else None,
                                'alpha': float(cronbach_alpha(mat)) if len(mat) > 1 else None})
            score = {c: {pid: float(np.mean(x)) for pid, x in rows_by_cond[c].items()} for c in order}
            comps = []
            for c in order:
                if c == control:
                    continue
                a, b = list(score[c].values()), list(score[control].values())
                comps.append({'condition': c, 'control': control,
                              'difference': float(np.mean(a) - np.mean(b)) if a and b else None,
                              'welch': welch(a, b), 'mann_whitney': mann_whitney(a, b)})
            for e, p in zip(comps, holm([e['welch']['p'] if e['welch'] else None for e in comps])):
                e['p_holm'] = p
            cors = []
            for metric in ('agreement', 'rair', 'rsr'):
                xs, ys = [], []
                for c in order:
                    ratios = per_participant.get((c, metric), {})
                    for pid, s in score[c].items():
                        if pid in ratios:
                            xs.append(s); ys.append(ratios[pid])
                if len(xs) > 2 and len(set(xs)) > 1 and len(set(ys)) > 1:
                    r = stats.spearmanr(xs, ys)
                    cors.append({'metric': metric, 'rho': float(r.statistic), 'p': float(r.pvalue), 'n': len(xs)})
                else:
                    cors.append({'metric': metric, 'rho': None, 'p': None, 'n': len(xs)})
            out.append({'scale': scale, 'subscale': name, 'conditions': summary, 'comparisons': comps,
                        'correlations': cors})
    return out


if __name__ == '__main__':
    args = sys.argv[1:]
    tolerance, task = 0.0, None
    if '--tolerance' in args:
        i = args.index('--tolerance'); tolerance = float(args[i + 1]); del args[i:i + 2]
    if '--task' in args:
        i = args.index('--task'); task = args[i + 1]; del args[i:i + 2]
    factors = None
    if '--factors' in args:
        i = args.index('--factors'); factors = args[i + 1].split(','); del args[i:i + 2]
    result = analyze(args[0], args[1] if len(args) > 1 else None, tolerance, task, factors)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write('\n')
