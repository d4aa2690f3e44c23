// The kill-point suite (resync-kill.ts) on need-sync: ipamd v3.5.8, the first version with it;
// 4 of the run's 8 nodes at a time so that a kill finds nodes done, in flight and not started.
import { killPointSuite } from './resync-kill.ts';

killPointSuite({ method: 'need-sync', version: 'v3.5.8', flags: ['--concurrency', '4'] });
