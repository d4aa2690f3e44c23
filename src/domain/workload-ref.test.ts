import { describe, expect, it } from 'vitest';
import { parseWorkloadRef, templateAnnotationChanges, templateAnnotations, WorkloadRefError } from './workload-ref.ts';

const ECI = 'k8s.aliyun.com/eci-security-group';

describe('parseWorkloadRef', () => {
  it("knows kubectl's names, any case, with or without the API group", () => {
    const kind = (t: string) => parseWorkloadRef(t).workload.kind;
    expect(['deployment/web', 'deploy/web', 'Deployments/web', 'deployment.apps/web', 'deployments.v1.apps/web'].map(kind)).toEqual(Array(5).fill('Deployment'));
    expect(['sts/db', 'StatefulSet/db'].map(kind)).toEqual(['StatefulSet', 'StatefulSet']);
    expect(['ds/agent', 'daemonset/agent'].map(kind)).toEqual(['DaemonSet', 'DaemonSet']);
    expect(['job/once', 'job.batch/once'].map(kind)).toEqual(['Job', 'Job']);
    expect(['cj/nightly', 'CronJob/nightly'].map(kind)).toEqual(['CronJob', 'CronJob']);
    expect(parseWorkloadRef('cj/nightly')).toMatchObject({ name: 'nightly', workload: { group: 'batch', plural: 'cronjobs', templatePath: ['spec', 'jobTemplate', 'spec', 'template'] } });
    expect(parseWorkloadRef('deploy/web').workload).toMatchObject({ group: 'apps', version: 'v1', plural: 'deployments', templatePath: ['spec', 'template'] });
  });
  it('refuses pods with the reason, and other kinds, bad names and a missing kind', () => {
    expect(() => parseWorkloadRef('pod/web-1')).toThrow(WorkloadRefError);
    expect(() => parseWorkloadRef('po/web-1')).toThrow(/only when it creates the pod's instance.*set them on the workload that owns the pod/);
    expect(() => parseWorkloadRef('rs/web-5d8')).toThrow(/set deployment\/NAME instead/);
    expect(() => parseWorkloadRef('service/web')).toThrow(/"service" is not a workload kind .*deployment \(deploy\)/);
    expect(() => parseWorkloadRef('deployment.batch/web')).toThrow(/not a workload kind/);
    expect(() => parseWorkloadRef('web')).toThrow(/"web" names no kind: give KIND\/NAME, e.g. deployment\/web/);
    expect(() => parseWorkloadRef('deploy/Web_1')).toThrow(/"Web_1" is not a Deployment name/);
    expect(() => parseWorkloadRef('deploy/')).toThrow(/is not a Deployment name/);
  });
});

describe('template annotations', () => {
  it('sets the groups, comma-joined in order, keeping every other annotation', () => {
    expect(templateAnnotations({ a: '1' }, ECI, ['sg-a1234567', 'sg-b1234567'])).toEqual({ a: '1', 'k8s.aliyun.com/eci-security-group': 'sg-a1234567,sg-b1234567' });
    expect(templateAnnotations(undefined, ECI, ['sg-a1234567'])).toEqual({ 'k8s.aliyun.com/eci-security-group': 'sg-a1234567' });
  });
  it('shows the lines taken out and put in', () => {
    expect(templateAnnotationChanges({ a: '1', 'k8s.aliyun.com/eci-security-group': 'sg-old12345' }, ECI, ['sg-new12345'])).toEqual({
      removed: ['k8s.aliyun.com/eci-security-group: sg-old12345'],
      added: ['k8s.aliyun.com/eci-security-group: sg-new12345'],
    });
    expect(templateAnnotationChanges(undefined, ECI, ['sg-new12345'])).toEqual({ removed: [], added: ['k8s.aliyun.com/eci-security-group: sg-new12345'] });
  });
});
