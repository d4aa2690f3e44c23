// What the virtual kubelet asks of Alibaba Cloud, through the emulator's control API (contract
// issue 9, part 1): create a container group with its groups, delete it. A refusal (400) carries
// the reason ECI's CreateContainerGroup would give; it becomes the pod's ProviderFailed status.
import { AlibabaControl, type CreatedContainerGroup, type NewContainerGroup } from '../alibaba/control-client.ts';

/** The cloud said no (bad group, mixed VPCs or types, too many groups...): not worth retrying. */
export class Refused extends Error {}

export interface ContainerGroups {
  create(req: NewContainerGroup): Promise<CreatedContainerGroup>;
  delete(id: string): Promise<void>;
}

/** The control client throws "... <status> <reason>" for a non-2xx answer (shared/control-call.ts). */
const statusOf = (e: unknown): { status: number; reason: string } | undefined => {
  const m = /: (\d{3}) ([\s\S]*)$/.exec(e instanceof Error ? e.message : '');
  return m ? { status: Number(m[1]), reason: m[2]! } : undefined;
};

export function containerGroupsAt(controlUrl: string): ContainerGroups {
  const control = new AlibabaControl(controlUrl);
  return {
    async create(req) {
      try {
        return await control.createContainerGroup(req);
      } catch (e) {
        const s = statusOf(e);
        if (s?.status === 400) throw new Refused(s.reason);
        throw e;
      }
    },
    async delete(id) {
      try {
        await control.deleteContainerGroup(id);
      } catch (e) {
        // Already gone is what deleting wanted.
        if (statusOf(e)?.status !== 404) throw e;
      }
    },
  };
}
