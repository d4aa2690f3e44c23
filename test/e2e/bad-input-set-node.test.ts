// Bad input to `set node` (and the flags every verb shares): refused, named, nothing changed.
import { badInputSuite, NODE_WITHOUT_NEC, type BadInput } from './bad-input.ts';

const n0 = (w: { nodes: string[] }) => w.nodes[0]!;
const yes = ['--yes'];

const cases: BadInput[] = [
  { name: 'upper-case group ID', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', 'sg-ABCDEFGH', ...yes], says: () => ['sg-ABCDEFGH', 'sg-'] },
  { name: 'too short group ID', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', 'sg-1234', ...yes], says: () => ['sg-1234'] },
  { name: 'not a group ID at all', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', 'default', ...yes], says: () => ['"default"'] },
  { name: 'an ENI ID where a group belongs', exit: 2, args: (w) => ['set', 'node', n0(w), '--add', 'eni-12345678', ...yes], says: () => ['eni-12345678'] },
  { name: 'empty entry in the list', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', `${w.groups[1]},,${w.groups[2]}`, ...yes], says: () => ['empty entry'] },
  { name: 'empty --groups', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', '', ...yes], says: () => ['--groups'] },
  { name: 'the same group twice', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', `${w.groups[1]},${w.groups[1]}`, ...yes], says: (w) => [w.groups[1]!, 'twice'] },
  { name: 'a group that does not exist', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', `${w.groups[1]},sg-zzzzzzzz`, ...yes], says: () => ['sg-zzzzzzzz', 'not found'] },
  { name: 'more groups than an ENI takes', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', [...w.groups, 'sg-zzzzzzzz'].join(','), ...yes], says: () => ['6', 'at most 5'] },
  { name: 'adding past the limit', exit: 2, args: (w) => ['set', 'node', n0(w), '--add', w.groups.filter((g, i) => i !== 1 && i !== 2).concat('sg-zzzzzzzz').join(','), ...yes], says: () => ['at most 5'] },
  { name: 'removing a group the node does not have', exit: 2, args: (w) => ['set', 'node', n0(w), '--remove', w.groups[4]!, ...yes], says: (w) => [w.groups[4]!] },
  { name: 'removing every group', exit: 2, args: (w) => ['set', 'node', n0(w), '--remove', `${w.groups[1]},${w.groups[2]}`, ...yes], says: () => [/no group|empty|without/i] },
  { name: 'a node that does not exist', exit: 2, args: (w) => ['set', 'node', '10.9.9.9', '--groups', w.groups[1]!, ...yes], says: () => ['10.9.9.9', 'not found'] },
  { name: 'a node without a NodeENIConfig', exit: 2, args: (w) => ['set', 'node', NODE_WITHOUT_NEC, '--groups', w.groups[1]!, ...yes], says: () => [NODE_WITHOUT_NEC, /NodeENIConfig|NEC/] },
  { name: 'a selector that matches no node', exit: 2, args: (w) => ['set', 'node', '-l', 'pool=none', '--groups', w.groups[1]!, ...yes], says: () => ['pool=none'] },
  { name: 'a malformed selector', exit: 2, args: (w) => ['set', 'node', '-l', 'pool in (a', '--groups', w.groups[1]!, ...yes], says: () => ['pool in (a'] },
  { name: 'names and a selector together', exit: 2, args: (w) => ['set', 'node', n0(w), '-l', 'a=b', '--groups', w.groups[1]!, ...yes], says: () => [/selector|names/] },
  { name: 'no node named', exit: 2, args: (w) => ['set', 'node', '--groups', w.groups[1]!, ...yes], says: () => [/node/] },
  { name: 'no change named', exit: 2, args: (w) => ['set', 'node', n0(w), ...yes], says: () => ['--groups'] },
  { name: '--groups and --add together', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[1]!, '--add', w.groups[3]!, ...yes], says: () => ['--groups', '--add'] },
  { name: '--first without --add', exit: 2, args: (w) => ['set', 'node', n0(w), '--remove', w.groups[1]!, '--first', ...yes], says: () => ['--first'] },
  { name: 'no --yes without a terminal', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!], says: () => ['--yes'] },
  { name: 'a malformed --timeout', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--timeout', 'forever', ...yes], says: () => ['forever'] },
  { name: 'a malformed --request-timeout', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--request-timeout', 'soon', ...yes], says: () => ['soon'] },
  { name: 'an unknown output format', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '-o', 'xml', ...yes], says: () => ['xml'] },
  { name: 'a region that does not exist', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--region', 'ap-atlantis', ...yes], says: () => ['ap-atlantis'] },
  { name: 'the wrong region (the groups live elsewhere)', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--region', 'ap-shanghai', ...yes], says: (w) => [w.groups[3]!, 'ap-shanghai'] },
  { name: 'no cloud credentials', exit: 1, env: (w) => w.noCredentials, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, ...yes], says: () => ['credentials'] },
  { name: 'a user without RBAC for NECs', exit: 1, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--kubeconfig', w.limitedKubeconfig, ...yes], says: () => [/nodeeniconfigs|forbidden|not allowed/] },
  { name: 'a kubeconfig that does not exist', exit: 1, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--kubeconfig', '/nonexistent/kubeconfig', ...yes], says: () => ['/nonexistent/kubeconfig'] },
  { name: 'a context that does not exist', exit: 1, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--context', 'nowhere', ...yes], says: () => ['nowhere'] },
  { name: 'a --cluster that does not exist', exit: 1, args: (w) => ['--cluster', 'nowhere-cluster', 'set', 'node', n0(w), '--groups', w.groups[3]!, ...yes], says: () => ['--cluster nowhere-cluster'] },
  { name: 'a --user that does not exist', exit: 1, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--user', 'nobody-user', ...yes], says: () => ['--user nobody-user'] },
  { name: '--as-group without --as', exit: 2, args: (w) => ['--as-group', 'system:masters', 'set', 'node', n0(w), '--groups', w.groups[3]!, ...yes], says: () => ['--as-group', '--as USER'] },
  { name: '--as-uid without --as', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--as-uid', '42', ...yes], says: () => ['--as-uid', '--as USER'] },
  { name: 'a --certificate-authority that does not exist', exit: 2, args: (w) => ['--certificate-authority', '/nonexistent/ca.pem', 'set', 'node', n0(w), '--groups', w.groups[3]!, ...yes], says: () => ['--certificate-authority /nonexistent/ca.pem', 'ENOENT'] },
  { name: 'a --client-key that does not exist', exit: 2, args: (w) => ['set', 'node', n0(w), '--groups', w.groups[3]!, '--client-certificate', '/nonexistent/c.pem', '--client-key', '/nonexistent/k.pem', ...yes], says: () => ['/nonexistent/'] },
  { name: 'a malformed --request-timeout before the verb', exit: 2, args: (w) => ['--request-timeout', 'soon', 'set', 'node', n0(w), '--groups', w.groups[3]!, ...yes], says: () => ['soon'] },
  { name: 'a mistyped verb', exit: 2, args: () => ['sett', 'node'], says: () => ['sett'] },
  { name: 'a mistyped sub-command', exit: 2, args: () => ['set', 'nodes-all'], says: () => ['nodes-all'] },
  { name: 'an unknown flag', exit: 2, args: (w) => ['set', 'node', n0(w), '--groupz', w.groups[3]!, ...yes], says: () => ['groupz'] },
];

badInputSuite('bad input: set node (ipamd v3.5.8)', [], cases);
