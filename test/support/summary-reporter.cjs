// CI reads a plain closing line `N passed, N failed` (jest's own summary goes to stderr in a format
// CI does not parse). Printed last, on stdout, after jest's default reporter.
//
// Tests over the shared data folder are registered by describeShared() as one skipped test named
// "skipped: <why>" when the folder is missing; jest's default reporter does not list skipped tests,
// so one line here says which suites did not run and why (a clone with nothing beside it).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const lines = [];
    const sharedSkips = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' || !test.title.startsWith('skipped: ')) continue;
        const why = test.title.slice('skipped: '.length);
        const suites = sharedSkips.get(why) ?? [];
        suites.push(test.ancestorTitles.join(' > ') || test.title);
        sharedSkips.set(why, suites);
      }
    }
    for (const [why, suites] of sharedSkips) lines.push(`shared data: skipped ${suites.length} suite(s), ${why}: ${suites.join('; ')}`);
    lines.push(`${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
    // Jest's own summary is printed after every reporter's onRunComplete; wait for it.
    process.once('exit', () => process.stdout.write(`\n${lines.join('\n')}\n`));
  }
}
module.exports = SummaryReporter;
