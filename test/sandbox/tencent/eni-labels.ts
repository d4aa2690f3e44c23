// What DescribeNetworkInterfaces says of an ENI's kind: EniType (vpc_models.d.ts: 0 secondary,
// 1 primary, 2 trunk) and the free-form name, description and tags. How ipamd names its ENIs
// is not public (docs/assumptions.md, "Which ENIs count"): under `names` ipamd writes its mode
// (tke-route-eni, tke-direct-eni) on its ENIs; under `none` nothing on an ENI says whose it is.
// An ENI attached by hand carries what its operator wrote, under either reading.
import type { EniMarking, OtherEniKind } from '../scenario.ts';

export interface EniLabels {
  eniType: number;
  name: string;
  description: string;
  tags: { Key: string; Value: string }[];
}

/** `ipamd`: one of ipamd's shared ENIs. */
export function eniLabels(o: { primary: boolean; kind: OtherEniKind | 'ipamd'; marking: EniMarking }): EniLabels {
  if (o.primary) return { eniType: 1, name: 'PrimaryENI', description: '', tags: [] };
  const eniType = o.kind === 'trunk' ? 2 : 0;
  if (o.kind === 'hand') return { eniType, name: 'ops-backup-nic', description: 'attached by hand for the backup network', tags: [{ Key: 'owner', Value: 'ops' }] };
  // A name the console would show for any ENI: nothing in it tells the kind.
  if (o.marking === 'none') return { eniType, name: 'eni-secondary', description: '', tags: [] };
  const named: Record<Exclude<OtherEniKind, 'hand'> | 'ipamd', [string, string]> = {
    ipamd: ['tke-route-eni', 'tke-route-eni created by tke-eni-ipamd'],
    direct: ['tke-direct-eni', 'tke-direct-eni created by tke-eni-ipamd'],
    trunk: ['tke-trunk-eni', 'trunking ENI of the node'],
    'sub-eni': ['tke-sub-eni', 'sub-ENI of a trunking ENI'],
  };
  const [name, description] = named[o.kind];
  return { eniType, name, description, tags: [] };
}
