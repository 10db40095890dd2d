// CI reads a plain closing line `N passed, N failed` (jest's own summary goes to stderr in a format
// CI does not parse). Printed last, on stdout, after jest's default reporter.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
    // Jest's own summary is printed after every reporter's onRunComplete; wait for it.
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
