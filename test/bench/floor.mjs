// The start-up floor the bench compares `kubectl-sg version` with: the smallest ES module that
// prints a version line, run by the same Node (ES modules cost Node more to start than `-e`).
process.stdout.write('kubectl-sg v0.0.0\n');
