// The real tencentcloud-sdk-nodejs client of TKE 2022-05-01 (DescribeNodePools: the only action
// that reads a super node pool's groups back), pointed at the emulator like helpers.ts's
// 2018-05-25 client. Kept apart from helpers.ts's table, which names one version per service.
import { createRequire } from 'node:module';
import type { Emulator } from '../sandbox/tencent/emulator.ts';
import { sdkProfile, type Cred, type sdk } from './helpers.ts';

export function tke2022(emu: Emulator, credential: Cred, region = 'ap-guangzhou'): ReturnType<typeof sdk> {
  const sdkMain = createRequire(import.meta.url).resolve('tencentcloud-sdk-nodejs');
  const path = sdkMain.slice(0, sdkMain.lastIndexOf('/tencentcloud/')) + '/tencentcloud/services/tke/v20220501/tke_client.js';
  const { Client } = createRequire(sdkMain)(path) as { Client: new (c: unknown) => ReturnType<typeof sdk> };
  return new Client({ credential, region, profile: sdkProfile(emu) });
}
