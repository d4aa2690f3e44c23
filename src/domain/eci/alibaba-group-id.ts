// Security-group IDs as Alibaba Cloud issues them. Current IDs are `sg-` and 20 lowercase
// letters or digits, the first few naming the region's ID space (sg-bp1dktddjsg5nktv1234 in
// Hangzhou, sg-2ze0b9o8pjjzts4h1234 in Beijing, sg-uf66jeqopgqa9hdn1234 in Shanghai); IDs made
// before that scheme are shorter (sg-23ab4cd5e). The rule accepts 8 to 30 after the prefix: every
// real shape, while still catching a truncated paste, upper case (IDs are lower case; a copy from
// a masked document reads `****`) and a name in place of an ID. The cloud says whether it exists.
import { parseGroupList, type GroupIdShape } from '../security-group-id.ts';

export const ALIBABA_GROUP_ID: GroupIdShape = {
  pattern: /^sg-[0-9a-z]{8,30}$/,
  expected: 'sg- followed by 8 to 30 lowercase letters or digits (masked IDs such as sg-bp1****, from documents, are not usable)',
  example: 'sg-bp1dktddjsg5nktv1234',
  exampleList: 'sg-bp1dktddjsg5nktv1234,sg-bp1fg655nh68xyz9abcd',
};

export function isAlibabaGroupId(text: string): boolean {
  return ALIBABA_GROUP_ID.pattern.test(text);
}

/** `--groups sg-a,sg-b` on ECI: order kept, each ID checked, no duplicates (InvalidGroupListError otherwise). */
export function parseAlibabaGroupList(text: string, flag = '--groups'): string[] {
  return parseGroupList(text, flag, ALIBABA_GROUP_ID);
}
