import type { CommandSpec } from '../command-spec.ts';
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

/** Every verb of the plugin, in the order help lists them. */
export const commands: CommandSpec[] = [doctorCommand, showClusterCommand, showNodeCommand, showPodCommand, showGroupCommand, reachCommand, reportCommand, historyCommand, setNodeCommand, setClusterCommand, setWorkloadCommand, resyncCommand, uiCommand, versionCommand];
