// Bad-input cases of `set cluster` and `resync` on a toggle-only version (v3.5.3).
import { NODE_WITHOUT_NEC, type BadInput } from './case.ts';

const yes = ['--yes'];

export const cases: BadInput[] = [
  { name: 'set cluster: neither --enable nor --disable', exit: 2, args: (w) => ['set', 'cluster', '--groups', w.groups[1]!, ...yes], says: () => ['--enable'] },
  { name: 'set cluster: --enable and --disable together', exit: 2, args: () => ['set', 'cluster', '--enable', '--disable', ...yes], says: () => ['--enable', '--disable'] },
  { name: 'set cluster: --disable with groups', exit: 2, args: (w) => ['set', 'cluster', '--disable', '--groups', w.groups[1]!, ...yes], says: () => ['--disable', '--groups'] },
  { name: 'set cluster: --groups with --inherit-primary', exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[1]!, '--inherit-primary', ...yes], says: () => ['--inherit-primary'] },
  { name: 'set cluster: malformed group', exit: 2, args: () => ['set', 'cluster', '--enable', '--groups', 'sg_12345678', ...yes], says: () => ['sg_12345678'] },
  { name: 'set cluster: unknown group', exit: 2, args: () => ['set', 'cluster', '--enable', '--groups', 'sg-zzzzzzzz', ...yes], says: () => ['sg-zzzzzzzz'] },
  { name: 'set cluster: too many groups', exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', [...w.groups, 'sg-zzzzzzzz'].join(','), ...yes], says: () => ['at most 5'] },
  { name: 'set cluster: malformed --cluster-id', exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[1]!, '--cluster-id', 'cluster-1', ...yes], says: () => ['cluster-1'] },
  { name: 'set cluster: malformed --ipamd-version', exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[1]!, '--ipamd-version', '3.5', ...yes], says: () => ['--ipamd-version', '"3.5"'] },
  { name: 'set cluster: no --ipamd-version value', exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[1]!, ...yes, '--ipamd-version'], says: () => ['--ipamd-version'] },
  { name: 'set cluster: no --yes without a terminal', beforeAnyRequest: true, exit: 2, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[3]!], says: () => ['--yes'] },
  { name: 'set cluster: a user without RBAC', exit: 1, args: (w) => ['set', 'cluster', '--enable', '--groups', w.groups[3]!, '--kubeconfig', w.limitedKubeconfig, ...yes], says: () => [/forbidden|not allowed/] },
  { name: 'resync: nothing selected', beforeAnyRequest: true, exit: 2, args: () => ['resync', ...yes], says: () => [/--all|NAME|node/] },
  { name: 'resync: need-sync on a version without it', exit: 2, args: (w) => ['resync', w.nodes[0]!, '--method', 'need-sync', ...yes], says: () => ['need-sync', 'v3.5.3'] },
  { name: 'resync: malformed --ipamd-version', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--ipamd-version', 'v3.5.x', ...yes], says: () => ['--ipamd-version', '"v3.5.x"'] },
  { name: 'resync: an unknown method', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--method', 'reboot', ...yes], says: () => ['reboot'] },
  { name: 'resync: --concurrency 0', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--concurrency', '0', ...yes], says: () => ['--concurrency'] },
  { name: 'resync: --concurrency not a number', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--concurrency', 'many', ...yes], says: () => [/many|--concurrency/] },
  { name: 'resync: a malformed --toggle-wait', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--toggle-wait', 'a while', ...yes], says: () => ['a while'] },
  { name: 'resync: a malformed --timeout', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--timeout', '-5s', ...yes], says: () => ['-5s'] },
  { name: 'resync: --force with --drifted', beforeAnyRequest: true, exit: 2, args: () => ['resync', '--drifted', '--force', ...yes], says: () => ['--force', '--drifted'] },
  { name: 'resync: --force with --resume', beforeAnyRequest: true, exit: 2, args: () => ['resync', '--resume', '--force', ...yes], says: () => ['--resume', 'drop --force'] },
  { name: 'resync: --all with names', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!, '--all', ...yes], says: () => ['--all'] },
  { name: 'resync: an unknown node', exit: 2, args: () => ['resync', '10.9.9.9', ...yes], says: () => ['10.9.9.9'] },
  { name: 'resync: a node without a NodeENIConfig', exit: 2, args: () => ['resync', NODE_WITHOUT_NEC, ...yes], says: () => [NODE_WITHOUT_NEC, /NodeENIConfig|NEC|instance/] },
  { name: 'resync: a selector that matches nothing', exit: 2, args: () => ['resync', '-l', 'pool=none', ...yes], says: () => ['pool=none'] },
  { name: 'resync: --resume of a run that does not exist', exit: 2, args: () => ['resync', '--resume', 'r-nosuchrun', ...yes], says: () => ['r-nosuchrun'] },
  { name: 'resync: no --yes without a terminal', beforeAnyRequest: true, exit: 2, args: (w) => ['resync', w.nodes[0]!], says: () => ['--yes'] },
  { name: 'resync: a user without RBAC', exit: 1, args: (w) => ['resync', w.nodes[0]!, '--kubeconfig', w.limitedKubeconfig, ...yes], says: () => [/nodes|forbidden|not allowed/] },
];
