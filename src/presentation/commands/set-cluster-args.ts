// The command line of `kubectl sg set cluster`, as yargs parsed it (the command table in
// set-cluster.ts), in a file of its own: both providers' runners take it, and the TKE runner
// hands over to the ECI one.
import type { CommonArgs } from '../factory.ts';
import type { MutationArgs, MutationOutput } from '../mutation.ts';

export interface SetClusterArgs extends CommonArgs, MutationArgs {
  enable?: boolean;
  disable?: boolean;
  groups?: string;
  'inherit-primary'?: boolean;
  'ipamd-version'?: string;
  output: MutationOutput;
}
