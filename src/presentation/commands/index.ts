import type { CommandSpec } from '../command-spec.ts';
import { versionCommand } from './version.ts';

/** Every verb of the plugin, in the order help lists them. */
export const commands: CommandSpec[] = [versionCommand];
