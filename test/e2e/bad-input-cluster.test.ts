// Bad input to `set cluster` and `resync` on a toggle-only version (v3.5.3).
import { badInputSuite } from './bad-input.ts';
import { cases } from '../bad-input/cluster.ts';

badInputSuite('bad input: set cluster and resync (ipamd v3.5.3)', ['--ipamd-version', 'v3.5.3'], cases);
