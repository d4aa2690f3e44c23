// doctor's first check, whichever providers follow it: which providers the cluster runs and on
// what evidence, and so whose checks doctor runs after it.
import { detectedProviders, PROVIDER_TITLES, type ProviderEvidence, type ProviderName } from './provider-choice.ts';
import { ECI_PROFILE_NAME } from './eci/profile.ts';
import { finding, type Finding } from './doctor-finding.ts';

const NS = 'kube-system';
const IPAMD = 'tke-eni-ipamd';

export const PROVIDER_CHECK = 'provider';

/**
 * The providers whose checks doctor runs: the forced one; else every one detected; else TKE's,
 * so that a cluster with neither gets today's checks saying what is missing.
 */
export function doctorProviders(evidence: ProviderEvidence | undefined, forced: ProviderName | undefined): ProviderName[] {
  if (forced) return [forced];
  const found = evidence ? detectedProviders(evidence) : [];
  return found.length > 0 ? found : ['tke'];
}

const HOW_TO_TELL = [
  `kubectl -n ${NS} get deploy ${IPAMD}   # TKE VPC-CNI (enable it: TKE console > Clusters > <cluster> > Basic information > VPC-CNI)`,
  `kubectl -n ${NS} get configmap ${ECI_PROFILE_NAME}; kubectl get nodes -l type=virtual-kubelet   # Alibaba ECI (install the ack-virtual-node add-on: ACK console > Clusters > <cluster> > Operations > Add-ons)`,
].join('\n');

/** `evidence` undefined: the reads failed (`error` says why). */
export function providerFinding(evidence: ProviderEvidence | undefined, forced: ProviderName | undefined, error?: string): Finding {
  const checking = (ps: readonly ProviderName[]) => ps.map((p) => PROVIDER_TITLES[p]).join(' and ');
  const forcedNote = forced ? `; --provider ${forced}: checking ${PROVIDER_TITLES[forced]} only` : '';
  if (!evidence) {
    return finding(
      PROVIDER_CHECK,
      'warn',
      `cannot tell which provider the cluster runs: ${error ?? 'the reads failed'}; checking ${checking(doctorProviders(undefined, forced))}${forcedNote}`,
      `${forced ? '' : 'pass --provider tke or --provider eci to say which; '}see the rbac checks\n${HOW_TO_TELL}`,
    );
  }
  const found = detectedProviders(evidence);
  if (found.length === 0) {
    return finding(
      PROVIDER_CHECK,
      'fail',
      `neither ${PROVIDER_TITLES.tke} (no Deployment ${NS}/${IPAMD}) nor ${PROVIDER_TITLES.eci} (no ConfigMap ${NS}/${ECI_PROFILE_NAME}, no node labelled type=virtual-kubelet) runs here; checking ${checking(doctorProviders(evidence, forced))} to say what is missing`,
      `${HOW_TO_TELL}\n# an object you may not read counts as absent: see the rbac checks`,
    );
  }
  const seen = found.map((p) => `${PROVIDER_TITLES[p]} (${evidence[p]})`).join(' and ');
  const absent = forced && !found.includes(forced) ? `, not ${PROVIDER_TITLES[forced]}` : '';
  return finding(PROVIDER_CHECK, 'ok', `${seen}${absent}${forcedNote}`);
}
