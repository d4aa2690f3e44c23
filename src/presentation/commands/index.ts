import type { CommandSpec } from '../command-spec.ts';
import { doctorCommand } from './doctor.ts';
import { showClusterCommand } from './show-cluster.ts';
import { showGroupCommand } from './show-group.ts';
import { showNodeCommand } from './show-node.ts';
import { showPodCommand } from './show-pod.ts';
import { versionCommand } from './version.ts';

/** Every verb of the plugin, in the order help lists them. */
export const commands: CommandSpec[] = [doctorCommand, showClusterCommand, showNodeCommand, showPodCommand, showGroupCommand, versionCommand];
