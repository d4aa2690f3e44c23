// One security-group rule as both clouds' adapters give it: what the lint, the summaries and the
// reach evaluator read.

export interface SecurityRule {
  direction: 'ingress' | 'egress';
  /** Upper case: TCP, UDP, ICMP, ICMPV6, ALL. */
  protocol: string;
  /** Tencent's forms: "all", "80", "1-80", "80,443" (the Alibaba adapter translates "80/80", "1/80", "-1/-1" into them). */
  ports: string;
  /** A CIDR, or another group's ID. */
  peer: string;
  action: 'accept' | 'drop';
  description?: string;
}
