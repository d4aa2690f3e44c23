// kubeconfig exec plugins (client.authentication.k8s.io v1 / v1beta1): run the command, read
// an ExecCredential from its stdout. The plugin's stderr goes to the user (it may prompt), its
// stdin only when interactive. The result is kept until it expires, for this process.
import type { ExecConfig, KubeTarget } from './kubeconfig.ts';

export interface ExecResult {
  token?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
  expiresAt?: number;
}

export class ExecCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecCredentialError';
  }
}

export async function runExecCredential(target: KubeTarget, exec: ExecConfig, interactive: boolean): Promise<ExecResult> {
  const canPrompt = interactive && exec.interactiveMode !== 'Never';
  if (exec.interactiveMode === 'Always' && !canPrompt) {
    throw new ExecCredentialError(`exec plugin ${exec.command} needs a terminal (interactiveMode: Always) and stdin is not one`);
  }
  const info = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: canPrompt,
      ...(exec.provideClusterInfo ? { cluster: { server: target.server, 'certificate-authority-data': target.ca?.toString('base64') } } : {}),
    },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const { name, value } of exec.env) env[name] = value;
  // node:child_process (with dgram and more behind it) is loaded only for a kubeconfig that names a plugin.
  const child = process.getBuiltinModule('node:child_process').spawn(exec.command, exec.args, { env, stdio: [canPrompt ? 'inherit' : 'ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new ExecCredentialError(err.code === 'ENOENT' ? `exec plugin "${exec.command}" named in kubeconfig user "${target.userName}" was not found on PATH` : `exec plugin ${exec.command}: ${err.message}`)),
    );
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new ExecCredentialError(`exec plugin ${exec.command} exited with ${code}`);
  let status: Record<string, string | undefined>;
  try {
    status = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: Record<string, string> }).status ?? {};
  } catch {
    throw new ExecCredentialError(`exec plugin ${exec.command} did not print an ExecCredential (JSON) on stdout`);
  }
  if (!status.token && !(status.clientCertificateData && status.clientKeyData)) {
    throw new ExecCredentialError(`exec plugin ${exec.command} returned neither a token nor a client certificate`);
  }
  return {
    token: status.token,
    clientCert: status.clientCertificateData ? Buffer.from(status.clientCertificateData) : undefined,
    clientKey: status.clientKeyData ? Buffer.from(status.clientKeyData) : undefined,
    expiresAt: status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined,
  };
}
