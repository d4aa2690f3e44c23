// Regions the emulated ECS and ECI answer. RegionId names one of them or the call fails with
// InvalidRegionId.NotFound (HTTP 404), as the real APIs document. The scenario's world lives
// in scenario.region; any other known region is real but empty.

export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-qingdao',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-chengdu',
  'cn-guangzhou',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-southeast-5',
  'ap-northeast-1',
  'us-west-1',
  'us-east-1',
  'eu-central-1',
]);
