// The two sides of `kubectl sg reach SOURCE DEST`, read from the command line: a pod, a node,
// an address or a CIDR block; the destination also carries what is sent (`:3306`, `:53/udp`,
// `/icmp`). A wrong side is bad input, named with what would be right.
import { BadInputError } from '../bad-input.ts';
import { parseAddress, parseRange, type AddressRange } from './ip-address.ts';
import { PORTED, PROTOCOLS, type Packet, type Protocol } from './match.ts';

export type Side =
  /** `pod/NAME` (the namespace of -n) or `pod/NAMESPACE/NAME`. */
  | { kind: 'pod'; name: string; namespace?: string }
  | { kind: 'node'; name: string }
  /** One address, or a CIDR block (then `range` spans more than one address). */
  | { kind: 'address'; text: string; range: AddressRange };

const FORMS = 'pod/NAME, pod/NAMESPACE/NAME, node/NAME, an IP address or a CIDR block';
const DEST_FORMS = 'ADDRESS:PORT, ADDRESS:PORT/udp, ADDRESS/icmp, pod/[NAMESPACE/]NAME:PORT or node/NAME:PORT';
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function parseSide(text: string, role: 'source' | 'destination', original: string): Side {
  const slash = text.indexOf('/');
  const kind = slash > 0 ? text.slice(0, slash) : '';
  if (kind === 'pod' || kind === 'pods' || kind === 'po' || kind === 'node' || kind === 'nodes' || kind === 'no') {
    const pod = kind.startsWith('po');
    const parts = text.slice(slash + 1).split('/');
    const name = parts.at(-1)!;
    const namespace = pod && parts.length === 2 ? parts[0]! : undefined;
    if (parts.length > (pod ? 2 : 1) || (namespace !== undefined && !NAME.test(namespace))) {
      throw new BadInputError(`${role} "${original}": write ${pod ? 'pod/NAME or pod/NAMESPACE/NAME' : 'node/NAME'}`);
    }
    if (!NAME.test(name)) throw new BadInputError(`${role} "${original}": "${name}" is not a ${pod ? 'pod' : 'node'} name (lower-case letters, digits, '-' and '.')`);
    return pod ? { kind: 'pod', name, ...(namespace ? { namespace } : {}) } : { kind: 'node', name };
  }
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const range = bare.includes('-') ? undefined : parseRange(bare);
  if (!range) throw new BadInputError(`${role} "${original}" is not ${role === 'source' ? FORMS : `one of ${DEST_FORMS}`}`);
  return { kind: 'address', text: bare, range };
}

export const parseSource = (text: string): Side => parseSide(text.trim(), 'source', text);

export interface Destination {
  side: Side;
  packet: Packet;
}

/**
 * `10.0.5.3:3306`, `10.0.5.3:53/udp`, `10.0.5.3/icmp`, `[2001:db8::5]:443`, `pod/api:8080`,
 * `10.0.0.0/24:80`. TCP unless another protocol is named.
 */
export function parseDestination(text: string): Destination {
  const t = text.trim();
  const named = /\/([a-z][a-z0-9]*)$/i.exec(t);
  if (named && !PROTOCOLS.includes(named[1]!.toLowerCase() as Protocol)) {
    throw new BadInputError(`destination "${text}": protocol "${named[1]}" is not one of ${PROTOCOLS.join(', ')}`);
  }
  const proto = /\/(tcp|udp|icmp|icmpv6|gre)$/i.exec(t);
  const protocol = (proto?.[1]?.toLowerCase() ?? 'tcp') as Protocol;
  const rest = proto ? t.slice(0, proto.index) : t;
  if (!PORTED.has(protocol)) {
    if (/:\d+$/.test(rest) && !parseAddress(rest)) throw new BadInputError(`destination "${text}": ${protocol.toUpperCase()} has no ports; write ${rest.replace(/:\d+$/, '')}/${protocol}`);
    return { side: parseSide(rest, 'destination', text), packet: { protocol, port: undefined } };
  }
  const m = /^(.*):([^:\]]*)$/.exec(rest);
  if (!m || parseAddress(rest)) {
    throw new BadInputError(`destination "${text}" names no port: write ${DEST_FORMS} (e.g. 10.0.5.3:3306)`);
  }
  const port = Number(m[2]);
  if (!/^\d+$/.test(m[2]!) || port < 1 || port > 65535) throw new BadInputError(`destination "${text}": port "${m[2]}" is not a number from 1 to 65535`);
  return { side: parseSide(m[1]!, 'destination', text), packet: { protocol, port } };
}
