// The TKE control plane's part for ipamd >= v3.5.0 (the addon `eniipamd`): when the addon
// changes (UpdateAddon bumps its generation in the emulator), TKE renders the addon values into
// the ConfigMap `tke-eni-ipamd` (network-conf.ts, the one mapping), and a new addon version
// becomes the Deployment's image tag (which restarts ipamd). Polls the emulator's control
// interface. At start it only creates the document when it is missing: a hand-edited ConfigMap
// is left alone until the next UpdateAddon, as with a Helm release.
import type { EmulatorControl } from '../../tencent/control-client.ts';
import type { Kube } from '../kube.ts';
import { isNotFound, kubeErrorText, MERGE_PATCH } from '../kube.ts';
import { IPAMD_IMAGE_REPO, IPAMD_NAME, KUBE_SYSTEM } from '../names.ts';
import { NETWORK_CONF_KEY, renderNetworkConf } from '../network-conf.ts';
import type { NetworkConfShape } from '../../scenario.ts';
import { parseVersion, withImageTag } from './version.ts';

export interface AddonRenderer {
  stop(): Promise<void>;
  /** Polls once now (tests). */
  poll(): Promise<void>;
}

/** `shape`: how TKE spells the values in tke-network-conf.yaml (scenario networkConfShape). */
export function startAddonRenderer(o: { kube: Kube; control: EmulatorControl; pollMs: number; shape: NetworkConfShape; log: (l: string) => void }): AddonRenderer {
  const { kube, control, log } = o;
  let generation: number | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const writeConfigMap = async (vpcCni: Record<string, unknown>) => {
    const text = renderNetworkConf(vpcCni, o.shape);
    try {
      await kube.core.patchNamespacedConfigMap({ name: IPAMD_NAME, namespace: KUBE_SYSTEM, body: { data: { [NETWORK_CONF_KEY]: text } } }, MERGE_PATCH);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await kube.core.createNamespacedConfigMap({
        namespace: KUBE_SYSTEM,
        body: { metadata: { name: IPAMD_NAME, namespace: KUBE_SYSTEM, labels: { 'k8s-app': IPAMD_NAME } }, data: { [NETWORK_CONF_KEY]: text } },
      });
    }
  };

  const syncImage = async (addonVersion: string) => {
    const v = parseVersion(addonVersion);
    if (!v) return;
    const tag = `v${v.major}.${v.minor}.${v.patch}`;
    const d = await kube.apps.readNamespacedDeployment({ name: IPAMD_NAME, namespace: KUBE_SYSTEM });
    const current = d.spec?.template?.spec?.containers?.[0]?.image;
    // Keep the registry the cluster uses; only the tag follows the addon version.
    const next = current ? withImageTag(current, tag) : `${IPAMD_IMAGE_REPO}:${tag}`;
    if (next === current) return;
    await kube.apps.patchNamespacedDeployment({
      name: IPAMD_NAME,
      namespace: KUBE_SYSTEM,
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: next }],
    });
    log(`tke: addon eniipamd is ${addonVersion}: Deployment image set to ${next}`);
  };

  const pollOnce = async () => {
    const a = await control.addon();
    if (!a.installed || !a.values) return;
    const vpcCni = (a.values.vpcCni ?? {}) as Record<string, unknown>;
    if (generation === undefined) {
      generation = a.generation;
      try {
        const cm = await kube.core.readNamespacedConfigMap({ name: IPAMD_NAME, namespace: KUBE_SYSTEM });
        if (cm.data?.[NETWORK_CONF_KEY] === undefined) await writeConfigMap(vpcCni);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        await writeConfigMap(vpcCni);
      }
      return;
    }
    if (a.generation === generation) return;
    await writeConfigMap(vpcCni);
    await syncImage(a.version);
    generation = a.generation;
    log(`tke: addon eniipamd generation ${a.generation}: ConfigMap ${IPAMD_NAME} re-rendered`);
  };

  const poll = () => {
    running = running.then(pollOnce).catch((e: unknown) => {
      if (!stopped) log(`tke: addon poll failed: ${kubeErrorText(e)}`);
    });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void poll();
  }, o.pollMs);
  void poll();
  return {
    poll,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
