// Changes asked of a cluster whose ipamd cannot make them (v3.1.0 predates the feature):
// refused as an environment failure, nothing changed.
import { badInputSuite } from './bad-input.ts';
import type { BadInput } from '../bad-input/case.ts';

const yes = ['--yes'];

const cases: BadInput[] = [
  { name: 'set node on ipamd v3.1.0', exit: 1, args: (w) => ['set', 'node', w.nodes[0]!, '--groups', w.groups[1]!, ...yes], says: () => ['v3.1.0', 'v3.2.0'] },
  { name: 'set cluster on ipamd v3.1.0', exit: 1, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[1]!, ...yes], says: () => ['v3.1.0', 'v3.2.0'] },
  { name: 'resync on ipamd v3.1.0', exit: 1, args: (w) => ['resync', w.nodes[0]!, ...yes], says: () => ['v3.1.0', 'v3.2.0'] },
];

badInputSuite('bad input: a version without the feature', ['--ipamd-version', 'v3.1.0'], cases);
