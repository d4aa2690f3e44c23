// Parameter templates (VPC 参数模板) that security-group rules may name instead of a CIDR or a
// protocol and port: IP address templates (ipm-, entries such as "10.0.0.1", "10.0.1.0/24",
// "10.0.0.1-10.0.0.100") and their groups (ipmg-), protocol-port templates (ppm-, entries such as
// "tcp:80", "udp:53-60", as CreateServiceTemplate documents them) and their groups (ppmg-).
// Pure data and invariants; services/templates.ts answers the Describe* actions.
import type { Rule } from '../scenario.ts';

export interface AddressTemplate {
  id: string;
  name: string;
  addresses: string[];
  createdTime: string;
}

export interface ServiceTemplate {
  id: string;
  name: string;
  services: string[];
  createdTime: string;
}

export interface TemplateGroup {
  id: string;
  name: string;
  /** ipm- or ppm- IDs. */
  members: string[];
  createdTime: string;
}

export class TemplateStore {
  readonly addresses = new Map<string, AddressTemplate>();
  readonly addressGroups = new Map<string, TemplateGroup>();
  readonly services = new Map<string, ServiceTemplate>();
  readonly serviceGroups = new Map<string, TemplateGroup>();

  private readonly newId: (prefix: string) => string;
  private readonly now: () => string;

  constructor(newId: (prefix: string) => string, now: () => string) {
    this.newId = newId;
    this.now = now;
  }

  createAddressTemplate(name: string, addresses: string[]): AddressTemplate {
    const t = { id: this.newId('ipm'), name, addresses: [...addresses], createdTime: this.now() };
    this.addresses.set(t.id, t);
    return t;
  }

  createAddressTemplateGroup(name: string, members: string[]): TemplateGroup {
    for (const m of members) if (!this.addresses.has(m)) throw new Error(`address template ${m} does not exist`);
    const g = { id: this.newId('ipmg'), name, members: [...members], createdTime: this.now() };
    this.addressGroups.set(g.id, g);
    return g;
  }

  createServiceTemplate(name: string, services: string[]): ServiceTemplate {
    const t = { id: this.newId('ppm'), name, services: [...services], createdTime: this.now() };
    this.services.set(t.id, t);
    return t;
  }

  createServiceTemplateGroup(name: string, members: string[]): TemplateGroup {
    for (const m of members) if (!this.services.has(m)) throw new Error(`service template ${m} does not exist`);
    const g = { id: this.newId('ppmg'), name, members: [...members], createdTime: this.now() };
    this.serviceGroups.set(g.id, g);
    return g;
  }

  /** Throws when a rule names a template or template group that does not exist. */
  checkRule(r: Rule): void {
    const named: [string | undefined, Map<string, unknown>, string][] = [
      [r.AddressTemplate?.AddressId, this.addresses, 'address template'],
      [r.AddressTemplate?.AddressGroupId, this.addressGroups, 'address template group'],
      [r.ServiceTemplate?.ServiceId, this.services, 'service template'],
      [r.ServiceTemplate?.ServiceGroupId, this.serviceGroups, 'service template group'],
    ];
    for (const [id, map, what] of named) if (id && !map.has(id)) throw new Error(`${what} ${id} does not exist`);
  }
}
