// Regions the API accepts in X-TC-Region. A region the API does not know is answered with
// UnsupportedRegion (common error code: "API does not support the requested region").
// Resources are regional: the scenario's world lives in scenario.region; any other known
// region is a real but empty region (Describe* return nothing, writes find nothing).

export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  'ap-guangzhou',
  'ap-shanghai',
  'ap-nanjing',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
  'ap-singapore',
  'ap-jakarta',
  'ap-seoul',
  'ap-tokyo',
  'ap-bangkok',
  'ap-mumbai',
  'na-siliconvalley',
  'na-ashburn',
  'eu-frankfurt',
  'sa-saopaulo',
  'ap-shanghai-fsi',
  'ap-shenzhen-fsi',
  'ap-beijing-fsi',
]);
