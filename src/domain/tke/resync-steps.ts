// The writes and waits of one node's resync, in order. The executor (operations/tke/resync-node.ts)
// walks them; keeping the order here, as data, is what lets a resume pick a node up from any
// point a crash left it at: it looks at the node's annotations, not at what the dead process
// was doing.
//
//   disable     set disable-node-eni-security-groups "yes" (ipamd unbinds every group)
//   pause       wait the toggle wait (cut short when the run is stopped)
//   enable      set it to "no", the documented value (ipamd binds the policy's groups)
//   need-sync   set need-sync-security-groups "true" (ipamd resyncs and removes it)
//   await-sync  wait until ipamd has removed need-sync
//   verify      every secondary ENI carries the after groups, in order (asked of the cloud)
//   unmark      remove the run's marker
//
// A new run's first write carries the marker in the same patch; `unmark` comes only after
// `verify`, so a node whose groups are not confirmed keeps its marker for --resume and doctor.
import type { NodeAction } from './resync-plan.ts';

export type Step = 'disable' | 'pause' | 'enable' | 'need-sync' | 'await-sync' | 'verify' | 'unmark';

export function stepsFor(action: Exclude<NodeAction, 'skip'>): Step[] {
  switch (action) {
    case 'toggle':
      return ['disable', 'pause', 'enable', 'verify', 'unmark'];
    case 'enable':
      return ['enable', 'verify', 'unmark'];
    case 'need-sync':
      return ['need-sync', 'await-sync', 'verify', 'unmark'];
  }
}

/**
 * A marked node found by --resume, from its annotations now: still disabled → "no" at once (no
 * pause: ipamd saw "yes" long ago); need-sync still set → ipamd has not finished, wait for it;
 * then verify and unmark. A node already past both is only verified.
 */
export function resumeSteps(now: { disable: string | undefined; needSync: string | undefined }): Step[] {
  return [...(now.disable === 'yes' ? (['enable'] as const) : []), ...(now.needSync === 'true' ? (['await-sync'] as const) : []), 'verify', 'unmark'];
}
