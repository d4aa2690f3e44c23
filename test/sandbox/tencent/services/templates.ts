// DescribeAddressTemplates, DescribeAddressTemplateGroups, DescribeServiceTemplates,
// DescribeServiceTemplateGroups (VPC 2017-03-12): Filters by ID, name and (templates) member,
// Offset/Limit (typed String by the SDK; numbers accepted too), Limit at most 100 (the
// parameter's documented maximum). Answers in vpc_models.d.ts's shapes; a filter these actions
// do not define is refused as for the other VPC filters. 100 requests a second ("默认接口请求
// 频率限制：100次/秒" on DescribeAddressTemplates' and DescribeAddressTemplateGroups' pages; the
// service-template actions are assumed alike).
import { page, parseFilters, VPC_FILTER_CODES, type Params, type Schema } from '../params.ts';
import type { AddressTemplate, ServiceTemplate, TemplateGroup } from '../templates.ts';
import type { ActionContext, ActionDef } from './types.ts';

const RANGE = { range: 'InvalidParameterValue.Range' };

const schema: Schema = {
  Filters: { type: 'filters' },
  Offset: { type: 'int' },
  Limit: { type: 'int' },
  NeedMemberInfo: { type: 'bool' },
  OrderField: { type: 'string' },
  OrderDirection: { type: 'string' },
  MemberOrderField: { type: 'string' },
  MemberOrderDirection: { type: 'string' },
};

/** Items that pass every filter: `id` and `name` fields by filter name, and an optional member test. */
function filtered<T extends { id: string; name: string }>(p: Params, items: Iterable<T>, names: { id: string; name: string; member?: string }, member?: (t: T, value: string) => boolean) {
  const known = new Set([names.id, names.name, ...(names.member ? [names.member] : [])]);
  let found = [...items];
  for (const f of parseFilters(p.Filters, (n) => known.has(n), VPC_FILTER_CODES)) {
    const vals = new Set(f.Values);
    if (f.Name === names.id) found = found.filter((t) => vals.has(t.id));
    else if (f.Name === names.name) found = found.filter((t) => f.Values.some((v) => t.name.includes(v)));
    else found = found.filter((t) => f.Values.some((v) => member!(t, v)));
  }
  return { items: page(found, p.Offset as number | undefined, p.Limit as number | undefined, RANGE), total: found.length };
}

const addressShape = (t: AddressTemplate) => ({
  AddressTemplateName: t.name,
  AddressTemplateId: t.id,
  AddressSet: [...t.addresses],
  CreatedTime: t.createdTime,
  UpdatedTime: t.createdTime,
  AddressExtraSet: t.addresses.map((a) => ({ Address: a, Description: '', UpdatedTime: t.createdTime })),
  TagSet: [],
});

const serviceShape = (t: ServiceTemplate) => ({
  ServiceTemplateId: t.id,
  ServiceTemplateName: t.name,
  ServiceSet: [...t.services],
  CreatedTime: t.createdTime,
  UpdatedTime: t.createdTime,
  ServiceExtraSet: t.services.map((s) => ({ Service: s, Description: '', UpdatedTime: t.createdTime })),
  TagSet: [],
});

function describeAddressTemplates(p: Params, ctx: ActionContext) {
  const all = ctx.home ? ctx.state.templates.addresses.values() : [];
  const r = filtered(p, all, { id: 'address-template-id', name: 'address-template-name', member: 'address-ip' }, (t, v) => t.addresses.includes(v));
  return { TotalCount: r.total, AddressTemplateSet: r.items.map(addressShape) };
}

function describeAddressTemplateGroups(p: Params, ctx: ActionContext) {
  const store = ctx.state.templates;
  const r = filtered(p, ctx.home ? store.addressGroups.values() : [], { id: 'address-template-group-id', name: 'address-template-group-name' });
  const shape = (g: TemplateGroup) => ({
    AddressTemplateGroupName: g.name,
    AddressTemplateGroupId: g.id,
    AddressTemplateIdSet: [...g.members],
    CreatedTime: g.createdTime,
    UpdatedTime: g.createdTime,
    AddressTemplateSet: g.members.map((m) => ({ AddressTemplateId: m, AddressTemplateName: store.addresses.get(m)?.name ?? '' })),
    TagSet: [],
  });
  return { TotalCount: r.total, AddressTemplateGroupSet: r.items.map(shape) };
}

function describeServiceTemplates(p: Params, ctx: ActionContext) {
  const all = ctx.home ? ctx.state.templates.services.values() : [];
  const r = filtered(p, all, { id: 'service-template-id', name: 'service-template-name', member: 'service-port' }, (t, v) => t.services.some((s) => s.includes(v)));
  return { TotalCount: r.total, ServiceTemplateSet: r.items.map(serviceShape) };
}

function describeServiceTemplateGroups(p: Params, ctx: ActionContext) {
  const store = ctx.state.templates;
  const r = filtered(p, ctx.home ? store.serviceGroups.values() : [], { id: 'service-template-group-id', name: 'service-template-group-name' });
  const shape = (g: TemplateGroup) => ({
    ServiceTemplateGroupId: g.id,
    ServiceTemplateGroupName: g.name,
    ServiceTemplateIdSet: [...g.members],
    CreatedTime: g.createdTime,
    UpdatedTime: g.createdTime,
    ServiceTemplateSet: g.members.map((m) => store.services.get(m)).filter((t) => t !== undefined).map(serviceShape),
    TagSet: [],
  });
  return { TotalCount: r.total, ServiceTemplateGroupSet: r.items.map(shape) };
}

const action = (name: string, handler: ActionDef['handler']): ActionDef => ({
  params: schema,
  read: true,
  cam: `vpc:${name}`,
  camResource: 'template',
  ratePerSecond: 100,
  regional: true,
  handler,
});

export const templateActions: Record<string, ActionDef> = {
  DescribeAddressTemplates: action('DescribeAddressTemplates', describeAddressTemplates),
  DescribeAddressTemplateGroups: action('DescribeAddressTemplateGroups', describeAddressTemplateGroups),
  DescribeServiceTemplates: action('DescribeServiceTemplates', describeServiceTemplates),
  DescribeServiceTemplateGroups: action('DescribeServiceTemplateGroups', describeServiceTemplateGroups),
};
