/** A count with its noun, "1 node" or "3 nodes": every message that says how many says it this one way. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
