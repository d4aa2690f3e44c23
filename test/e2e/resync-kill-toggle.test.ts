// The kill-point suite (resync-kill.ts) on the toggle: ipamd v3.5.3, where it is the only resync
// method, with the shortest documented pause so that each point stays short.
import { killPointSuite } from './resync-kill.ts';

killPointSuite({ method: 'toggle', version: 'v3.5.3', flags: ['--toggle-wait', '2s'] });
