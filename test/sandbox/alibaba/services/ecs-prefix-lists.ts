// ECS 2014-05-26 DescribePrefixListAttributes: a prefix list's entries (the CIDR blocks a rule
// naming it as SourcePrefixListId or DestPrefixListId covers). RegionId and PrefixListId
// (required); a list this region does not have: InvalidPrefixListId.NotFound (HTTP 404; the
// code follows the API's InvalidSecurityGroupId.NotFound pattern, assumed). Fields as the SDK's
// DescribePrefixListAttributesResponseBody has them.
import { acsError } from '../errors.ts';
import { required, type Params } from '../params.ts';
import type { ActionContext, ActionDef } from './types.ts';

/** What the answer gives as MaxEntries: the emulator sets no cap of its own on entries. */
const MAX_ENTRIES = 200;

function describePrefixListAttributes(p: Params, ctx: ActionContext): Record<string, unknown> {
  const id = required(p, 'PrefixListId');
  const list = ctx.region === ctx.state.scenario.region ? ctx.state.prefixLists.get(id) : undefined;
  if (!list) throw acsError('InvalidPrefixListId.NotFound', 'The specified prefix list does not exist.', 404);
  return {
    PrefixListId: list.id,
    PrefixListName: list.name,
    AddressFamily: list.addressFamily,
    MaxEntries: MAX_ENTRIES,
    Description: '',
    CreationTime: list.creationTime,
    Entries: { Entry: list.entries.map((cidr) => ({ Cidr: cidr, Description: '' })) },
  };
}

/** The flow-control figure is assumed (the API reference gives none here). */
export const prefixListActions: Record<string, ActionDef> = {
  DescribePrefixListAttributes: { ratePerSecond: 100, handler: describePrefixListAttributes },
};
