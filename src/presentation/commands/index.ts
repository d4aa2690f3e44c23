// The command table: every verb of the plugin, in the order help lists them, and the words
// that gather several (`show`, `set`) with what each means in `kubectl sg --help`.
import type { CommandTable } from '../command-spec.ts';
import { doctorCommand } from './doctor.ts';
import { historyCommand } from './history.ts';
import { reachCommand } from './reach.ts';
import { reportCommand } from './report.ts';
import { resyncCommand } from './resync.ts';
import { setClusterCommand } from './set-cluster.ts';
import { setNodeCommand } from './set-node.ts';
import { setWorkloadCommand } from './set-workload.ts';
import { showClusterCommand } from './show-cluster.ts';
import { showGroupCommand } from './show-group.ts';
import { showNodeCommand } from './show-node.ts';
import { showPodCommand } from './show-pod.ts';
import { uiCommand } from './ui.ts';
import { versionCommand } from './version.ts';

export const commands: CommandTable = [
  doctorCommand,
  {
    group: 'show',
    describe: 'Show security groups as they are: cluster, node, pod, group (reads only)',
    commands: [showClusterCommand, showNodeCommand, showPodCommand, showGroupCommand],
  },
  reachCommand,
  reportCommand,
  historyCommand,
  {
    group: 'set',
    describe: 'Change security groups: a node\'s list (TKE), a workload\'s pods (ECI), or the cluster\'s setting (plan, confirm, apply, verify)',
    commands: [setNodeCommand, setClusterCommand, setWorkloadCommand],
  },
  resyncCommand,
  uiCommand,
  versionCommand,
];
