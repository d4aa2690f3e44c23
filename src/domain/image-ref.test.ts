import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref.ts';

const digest = 'sha256:' + 'a'.repeat(64);

describe('parseImageRef', () => {
  it.each([
    ['ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd:v3.5.8', 'ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd', 'v3.5.8', undefined],
    ['registry.example:5000/tke/tke-eni-ipamd:v3.5.8', 'registry.example:5000/tke/tke-eni-ipamd', 'v3.5.8', undefined],
    ['registry.example:5000/tke/tke-eni-ipamd', 'registry.example:5000/tke/tke-eni-ipamd', undefined, undefined],
    [`tke-eni-ipamd:v3.5.8@${digest}`, 'tke-eni-ipamd', 'v3.5.8', digest],
    [`registry.example:5000/tke-eni-ipamd@${digest}`, 'registry.example:5000/tke-eni-ipamd', undefined, digest],
    ['tke-eni-ipamd:latest', 'tke-eni-ipamd', 'latest', undefined],
    ['tke-eni-ipamd', 'tke-eni-ipamd', undefined, undefined],
  ])('%s', (image, repository, tag, d) => {
    expect(parseImageRef(image)).toEqual({ repository, tag, digest: d });
  });
});
