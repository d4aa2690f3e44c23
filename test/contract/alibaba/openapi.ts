// The official generic client (@alicloud/openapi-client's callApi, which every generated
// @alicloud/<product><version> client calls underneath), for products no generated package here
// covers: STS 2015-04-01, and ActionTrail 2020-07-06 (@alicloud/actiontrail20200706 is not on
// the npm registry). RPC style, parameters flat in the query (LookupAttribute.1.Key=...).
import { createRequire } from 'node:module';
import { credentialOf, type AccessKey } from './helpers.ts';

const require = createRequire(import.meta.url);
type Ctor = new (map: Record<string, unknown>) => object;
const OpenApi = require('@alicloud/openapi-client') as {
  default: new (config: object) => { callApi(p: object, r: object, rt: object): Promise<{ statusCode: number; body: Record<string, unknown> }> };
  Config: Ctor;
  Params: Ctor;
  OpenApiRequest: Ctor;
};
const Util = require('@alicloud/tea-util') as { RuntimeOptions: Ctor };

/** One RPC call of `action` (version `version`) straight at the emulator on `port`. */
export function callRpc(port: number, key: AccessKey, action: string, version: string, query: Record<string, string> = {}) {
  const client = new OpenApi.default(new OpenApi.Config({ credential: credentialOf(key), endpoint: `127.0.0.1:${port}`, protocol: 'http' }));
  const params = new OpenApi.Params({ action, version, protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  return client.callApi(params, new OpenApi.OpenApiRequest({ query }), new Util.RuntimeOptions({}));
}
