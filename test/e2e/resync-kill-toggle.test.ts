// The kill-point suite (resync-kill.ts) on the toggle: ipamd v3.5.3, where it is the only resync
// method, with the shortest documented pause so that each point stays short, and 4 of the run's 8
// nodes at a time so that a kill finds nodes done, in flight and not started.
import { killPointSuite } from './resync-kill.ts';

killPointSuite({ method: 'toggle', version: 'v3.5.3', flags: ['--toggle-wait', '2s', '--concurrency', '4'] });
