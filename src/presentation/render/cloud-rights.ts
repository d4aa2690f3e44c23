// The caller's own Tencent Cloud rights as a plan shows them (one field of the table, one key of
// the JSON), and the one line a missing right stops the verb with. The JSON contract lives in
// docs/changing-groups.md "Cloud rights": keep field names stable.
import type { CloudRights } from '../../domain/tke/cloud-rights.ts';
import type { Palette } from './color.ts';

const who = (r: CloudRights) => (r.caller ? `caller ${r.caller}` : 'the caller');

/** The table's lines for the field `Cloud rights`. */
export function cloudRightsLines(r: CloudRights, paint: Palette): string[] {
  const needed = r.actions.map((a) => a.action).join(', ');
  if (r.status === 'ok') return [`ok: ${who(r)} may call ${needed}`];
  if (r.status === 'missing') return [paint.red(`missing: ${r.missing.join(', ')} (${who(r)})`), `fix: attach the policy ${JSON.stringify(r.fix)}`, ...r.notes];
  return [paint.yellow(`unknown: ${r.notes.join('; ')}`), `needed: ${needed}; going on (Tencent Cloud still refuses a call that is not allowed)`];
}

export function cloudRightsJson(r: CloudRights | undefined) {
  if (!r) return null;
  return {
    status: r.status,
    caller: r.caller ?? null,
    actions: r.actions.map((a) => ({ action: a.action, verdict: a.verdict, deniedBy: a.deniedBy })),
    missing: r.missing,
    fix: r.fix ?? null,
    notes: r.notes,
  };
}

/** The error line when a right is missing: what, who, nothing changed, the fix. */
export function missingRightsMessage(r: CloudRights): string {
  return (
    `${who(r)} may not call ${r.missing.join(', ')} in Tencent Cloud: nothing was changed; ` +
    `attach the policy ${JSON.stringify(r.fix)} to it (CAM console > Users or Roles > Associate Policies)${r.notes.length > 0 ? ` (${r.notes.join('; ')})` : ''}, or use a key that has ${r.missing.length === 1 ? 'it' : 'them'}`
  );
}
