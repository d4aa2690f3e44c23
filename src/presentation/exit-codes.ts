// kubectl's habits: 0 ok, 1 something failed, 2 the command line was wrong. 3 is ours for a
// check that ran fine and found a problem (doctor, show --check), so runbooks can tell them apart.
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  checkFailed: 3,
  interrupted: 130,
} as const;
