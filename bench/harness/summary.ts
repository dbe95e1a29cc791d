import type { Machine } from './machine.ts';
import type { BenchOutcome, Figure } from './types.ts';

export interface ModuleResult extends BenchOutcome {
  name: string;
  title: string;
  startedAt: string;
  durationMs: number;
  error?: string;
}

export interface RunResult {
  run: string;
  quick: boolean;
  machine: Machine;
  modules: ModuleResult[];
}

/** The run as text: the machine, then one line per figure with its target and whether it is met. */
export function renderSummary(run: RunResult): string {
  const m = run.machine;
  const lines = [
    `Machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.platform} ${m.release}, node ${m.node}, load average ${m.loadAverage} at start${run.quick ? ' (quick sizes: not reference figures)' : ''}`,
    '',
  ];
  for (const module of run.modules) {
    lines.push(`${module.title} (${module.name}, ${(module.durationMs / 1000).toFixed(0)} s)`);
    if (module.error) lines.push(`  FAILED: ${module.error}`);
    const width = Math.max(0, ...module.figures.map((f) => f.name.length));
    for (const f of module.figures) lines.push(`  ${f.name.padEnd(width)}  ${formatValue(f)}${formatTarget(f)}${f.note ? `  (${f.note})` : ''}`);
    for (const note of module.notes ?? []) lines.push(`  note: ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}

function formatValue(f: Figure): string {
  if (f.value === null) return `-- ${f.unit}`;
  const digits = Math.abs(f.value) >= 100 ? 0 : Math.abs(f.value) >= 10 ? 1 : 2;
  return `${f.value.toFixed(digits)} ${f.unit}`;
}

function formatTarget(f: Figure): string {
  if (!f.target || f.value === null) return '';
  const { max, min } = f.target;
  const met = (max === undefined || f.value <= max) && (min === undefined || f.value >= min);
  const bound = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : ''].filter(Boolean).join(' and ');
  return `  [target ${bound} ${f.unit}: ${met ? 'met' : 'NOT met'}]`;
}
