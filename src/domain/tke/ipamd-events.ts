// Which Warning Events on Nodes and NodeENIConfigs doctor takes as ipamd failing to bind security
// groups. No public source names the reason ipamd writes (docs/assumptions.md, "Event reasons"),
// so matching one reason would say "ok" on a real cluster whatever happened. Instead an event
// counts when any of these holds:
// - it comes from ipamd: its source.component or reportingComponent names ipamd (the Deployment
//   is `tke-eni-ipamd`; the addon is `eniipamd`: any component containing "ipamd" is taken, since
//   which of the names ipamd's event recorder uses is not published either);
// - its message names security groups (ipamd's own wording, or the cloud's action name such as
//   cvm:AssociateNetworkInterfaceSecurityGroups in a relayed error);
// - its message names UnauthorizedOperation, the cloud's answer when ipamd's role lacks a right
//   (the one published ipamd event carries `Code=UnauthorizedOperation`).
// Whatever the reason, a match is quoted as it is, so the reader sees what ipamd really wrote.

/** The kinds whose events are read: ipamd writes about the node, and may about its NEC. */
export const IPAMD_EVENT_KINDS = ['Node', 'NodeENIConfig'] as const;
export type IpamdEventKind = (typeof IPAMD_EVENT_KINDS)[number];

export interface WarningEventFacts {
  kind: IpamdEventKind;
  /** The object's name: a node, or its NEC (named after the node). */
  name: string;
  reason: string;
  message: string;
  /** source.component, else reportingComponent; '' when the event names neither. */
  component: string;
  count: number;
  /** lastTimestamp (or eventTime, or creation). */
  last: Date | undefined;
}

const IPAMD_COMPONENT = /ipamd/i;
const GROUPS_IN_MESSAGE = /security.?groups?|UnauthorizedOperation/i;

/** Whether this Warning event is evidence of ipamd failing (see the top of this file). */
export function isIpamdBindEvent(e: Pick<WarningEventFacts, 'component' | 'message'>): boolean {
  return IPAMD_COMPONENT.test(e.component) || GROUPS_IN_MESSAGE.test(e.message);
}
