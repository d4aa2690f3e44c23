import type { CommandSpec } from '../command-spec.ts';
import { showNodeCommand } from './show-node.ts';
import { versionCommand } from './version.ts';

/** Every verb of the plugin, in the order help lists them. */
export const commands: CommandSpec[] = [showNodeCommand, versionCommand];
