// Batches: the cloud APIs take at most N IDs per request (Tencent 100, Alibaba ECS 100, ECI 20).

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
