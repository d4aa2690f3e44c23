// Bad input to `set node` (and the flags every verb shares): refused, named, nothing changed.
import { badInputSuite } from './bad-input.ts';
import { cases } from '../bad-input/set-node.ts';

badInputSuite('bad input: set node (ipamd v3.5.8)', [], cases);
