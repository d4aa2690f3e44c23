// One call to an emulator's control interface (/_sandbox/...), for the typed clients
// (tencent/control-client.ts, alibaba/control-client.ts): JSON in and out, a non-2xx answer
// thrown with its status and the {error} message.

export async function controlCall<T>(baseUrl: string, label: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const msg = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String((parsed as { error: unknown }).error) : text;
    throw new Error(`${label} control ${method} ${path}: ${res.status} ${msg}`);
  }
  return parsed as T;
}
