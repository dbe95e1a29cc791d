/** The end-of-run summary as the terminal shows it, and as JSON (`--json`) for scripts. */
import type { SimulationSummary } from './runner.ts';

const MAX_ERRORS_LISTED = 10;

export function summaryText(s: SimulationSummary): string {
  const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  const lines = [
    `participants  ${s.participants}: ${s.completed} completed, ${s.dropped} dropped out, ${s.errors.length} errors`,
    `requests      ${s.requests} in ${(s.durationMs / 1000).toFixed(1)} s (${s.requestsPerSecond.toFixed(1)}/s), ${s.serverErrors} server errors (5xx), ${s.networkRetries} network retries`,
    `latency       p50 ${ms(s.latencyMs.p50)}, p90 ${ms(s.latencyMs.p90)}, p99 ${ms(s.latencyMs.p99)}, max ${ms(s.latencyMs.max)}`,
  ];
  if (s.earlyRefusals > 0) lines.push(`delayed advice ${s.earlyRefusals} decisions sent before the advice, refused by the server, then sent again after it`);
  if (s.errors.length > 0) {
    // The same failure usually hits many bots: count each message once.
    const counts = new Map<string, number>();
    for (const e of s.errors) counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
    lines.push('errors:');
    for (const [message, count] of [...counts].slice(0, MAX_ERRORS_LISTED)) lines.push(`  ${count} x ${message}`);
    if (counts.size > MAX_ERRORS_LISTED) lines.push(`  ... and ${counts.size - MAX_ERRORS_LISTED} other messages`);
  }
  if (s.unfinished > s.errors.length) lines.push(`${s.unfinished - s.errors.length} bots meant to finish did not`);
  return lines.join('\n') + '\n';
}

export function summaryJson(s: SimulationSummary): string {
  const { bots, ...rest } = s;
  return JSON.stringify({ ...rest, bots: bots.map((b) => ({ index: b.index, participantId: b.participantId, outcome: b.outcome, error: b.error ?? null, pagesAnswered: b.pagesAnswered, networkRetries: b.networkRetries })) }, null, 2) + '\n';
}
