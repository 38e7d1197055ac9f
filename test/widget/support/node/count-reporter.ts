// A web-test-runner reporter that prints one plain closing line ("N passed, N failed,
// N skipped") and fails the run when no test executed: web-test-runner alone passes a run
// whose files define no test, which would hide a suite that silently stopped running.
import type { Reporter, TestSessionManager, TestSuiteResult } from '@web/test-runner';

type Counts = { passed: number; failed: number; skipped: number };

function count(suite: TestSuiteResult | undefined, into: Counts): Counts {
  if (!suite) return into;
  for (const test of suite.tests) {
    if (test.skipped) into.skipped += 1;
    else if (test.passed) into.passed += 1;
    else into.failed += 1;
  }
  for (const child of suite.suites) count(child, into);
  return into;
}

export function countReporter(): Reporter {
  let manager: TestSessionManager | undefined;
  return {
    start({ sessions }) {
      manager = sessions;
    },
    onTestRunFinished({ sessions }) {
      const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) count(session.testResults, totals);
      // Written at exit, after the runner's own terminal is done redrawing: a clean last line.
      const line = `widget: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`;
      process.once('exit', () => process.stdout.write(line));
      if (totals.passed + totals.failed > 0 || !manager) return;
      console.error('web-test-runner ran zero tests: failing the run');
      // The runner decides pass/fail from the sessions right after this event.
      for (const session of sessions) {
        const error = { message: 'no test ran' };
        manager.update({ ...session, passed: false, errors: [...session.errors, error] });
      }
    },
  };
}
