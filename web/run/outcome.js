// How a run ended, in the UI language: "Ran in 1.02 s", "Stopped after 0.31 s · exit code 130".
// The playground's clock, a snippet's status and each column of "Run on both" say it so.

import { addStrings, formatSeconds, t } from '../page/i18n.js';
import runStrings from './strings.js';
import { describeVirtual } from './clock.js';

addStrings(runStrings);

/** The run's duration and, unless it is 0, its exit code (result: a RunResult). */
export function describeOutcome(result) {
  const parts = [t(result.stopped ? 'stoppedAfter' : 'ranIn', { seconds: formatSeconds(result.durationMs) })];
  const virtual = describeVirtual(result);
  if (virtual) parts.push(virtual);
  if (result.exitCode !== 0) parts.push(t('exitCode', { code: result.exitCode }));
  return parts.join(' · ');
}
