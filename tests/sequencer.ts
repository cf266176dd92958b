// The order in which the test files start. The suite runs on as many workers as there are cores,
// each taking the next file when it is done, so it ends soonest when the longest files start first
// and the short ones fill in at the end. Vitest orders by the durations of the last run when it has
// them (node_modules/.vite/vitest), otherwise by file size: on a fresh checkout (CI) a short file
// with a long run (the 10 000-row call counts, the crash tests) would start last and finish alone.
// Without durations for every file, the files below (longest first, measured on a 2-core machine)
// start first; the rest follow in vitest's order.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONGEST_FIRST = [
  'tests/perf/callCounts.test.ts',
  'tests/gas/billingCrash.test.ts',
  'tests/cli/xlsxPreserve.test.ts',
  'tests/gas/billingCrashDecember.test.ts',
  'tests/cli/errors.test.ts',
  'tests/cli/peppol.test.ts',
  'tests/acceptance/spec/7-command-line.test.ts',
  'tests/browser/payments-dialog.test.ts',
  'tests/einvoice/ubl.test.ts',
  'tests/cli/report.test.ts',
  'tests/gas/sending.test.ts',
  'tests/browser/dialogLayout.test.ts',
  'tests/cli/lock.test.ts',
  'tests/cli/credit.test.ts',
  'tests/core/properties.test.ts',
  'tests/acceptance/spec/3-money-rules.test.ts',
  'tests/browser/billing-dialog.test.ts',
  'tests/einvoice/negative.test.ts',
  'tests/cli/failures.test.ts',
  'tests/cli/bill.test.ts',
  'tests/gas/credit.test.ts',
  'tests/cli/export.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const path = (f: TestSpecification) => relative(f.project.config.root, f.moduleId).replaceAll('\\', '/');
    const known = sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${path(f)}`));
    if (known) return sorted;
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(path(f));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the unlisted files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
