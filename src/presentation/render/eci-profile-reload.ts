// When an eci-profile change reaches new ECI pods, as show cluster and set cluster print it: one
// line when virtual kubelet hot-updates the profile; otherwise why not (or why it cannot be
// told) and the restart that makes a change take effect.
import type { ProfileReloadView } from '../../domain/eci/profile-reload.ts';
import type { Palette } from './color.ts';

/** JSON `profileChanges`: `applies` now (hot update) | restart (read when virtual kubelet starts) | unknown (its version could not be read). */
export const profileReloadJson = (v: ProfileReloadView) => ({ applies: v.reload, versions: v.versions, from: v.from ?? null, deployment: v.deployment ?? null, why: v.why, restart: v.restart ?? null });

export function profileReloadLines(v: ProfileReloadView, paint: Palette): string[] {
  if (v.reload === 'now') return [v.why];
  return [paint.yellow(v.why), `${v.reload === 'restart' ? 'after a change' : 'to be sure a change is in force'}: ${v.restart}`];
}
