// Reads kubeconfig the way kubectl does — $KUBECONFIG (a list of files, first value wins),
// else ~/.kube/config; --context picks another context; relative paths are relative to the
// file that names them — and reduces it to what one connection needs. Kept small on purpose:
// @kubernetes/client-node's KubeConfig costs ~1.4 MB of bundle and ~170 ms of start-up
// (measured), mostly for auth providers that kubectl itself has dropped.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { load } from 'js-yaml';

export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  /** The exec plugin may prompt only when kubectl's stdin is a terminal. */
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

export interface KubeTarget {
  contextName: string;
  clusterName: string;
  userName: string;
  namespace: string;
  server: string;
  ca?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
  token?: string;
  tokenFile?: string;
  basicAuth?: { username: string; password: string };
  exec?: ExecConfig;
  /** Legacy auth providers (gcp, oidc, azure) are named so the error can say what to do. */
  authProvider?: string;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

type Named<T> = { name: string } & T;
interface RawFile {
  path: string;
  'current-context'?: string;
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: Record<string, unknown> }>[];
}

export interface LoadOptions {
  kubeconfig?: string;
  context?: string;
  /** Overrides the context's namespace, like kubectl's -n. */
  namespace?: string;
  env?: NodeJS.ProcessEnv;
}

function kubeconfigPaths(o: LoadOptions): string[] {
  if (o.kubeconfig) return [o.kubeconfig];
  const env = o.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : [join(env.HOME ?? homedir(), '.kube', 'config')];
}

function readFile(path: string, mustExist: boolean): RawFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!mustExist && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new KubeconfigError(`kubeconfig ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return { ...((doc ?? {}) as object), path } as RawFile;
}

/** First definition of a name wins across files, as in kubectl's merge. */
function findNamed<T>(files: RawFile[], key: 'clusters' | 'users' | 'contexts', name: string): { item: T; file: RawFile } | undefined {
  for (const file of files) {
    const found = file[key]?.find((e) => e.name === name);
    if (found) return { item: found as T, file };
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Every context name the kubeconfig files define, first definition first (for completion). */
export function kubeconfigContexts(o: LoadOptions = {}): string[] {
  const files = kubeconfigPaths(o).map((p) => readFile(p, false)).filter((f): f is RawFile => f !== undefined);
  return [...new Set(files.flatMap((f) => (f.contexts ?? []).map((c) => c.name)))];
}

export function loadKubeTarget(o: LoadOptions = {}): KubeTarget {
  const paths = kubeconfigPaths(o);
  // An explicit --kubeconfig must exist; files listed in $KUBECONFIG may be missing (kubectl skips them).
  const files = paths.map((p) => readFile(p, o.kubeconfig !== undefined)).filter((f): f is RawFile => f !== undefined);
  if (files.length === 0) {
    throw new KubeconfigError(`no kubeconfig found (looked in ${paths.join(', ')}): pass --kubeconfig or set KUBECONFIG`);
  }
  const contextName = o.context ?? files.map((f) => str(f['current-context'])).find(Boolean);
  if (!contextName) throw new KubeconfigError('no current context in kubeconfig: pass --context NAME (kubectl config get-contexts lists them)');
  const ctx = findNamed<{ context?: Record<string, unknown> }>(files, 'contexts', contextName);
  if (!ctx) throw new KubeconfigError(`context "${contextName}" not found in kubeconfig: kubectl config get-contexts lists the ones there are`);
  const c = ctx.item.context ?? {};
  const clusterName = str(c.cluster) ?? '';
  const userName = str(c.user) ?? '';
  const cluster = findNamed<{ cluster?: Record<string, unknown> }>(files, 'clusters', clusterName);
  if (!cluster?.item.cluster) throw new KubeconfigError(`cluster "${clusterName}" of context "${contextName}" not found in kubeconfig`);
  const user = findNamed<{ user?: Record<string, unknown> }>(files, 'users', userName);
  const cl = cluster.item.cluster;
  const us = user?.item.user ?? {};

  const resolvePath = (p: string, file: RawFile) => (isAbsolute(p) ? p : join(dirname(file.path), p));
  const bytes = (data: unknown, file: unknown, from: RawFile, what: string): Buffer | undefined => {
    if (str(data)) return Buffer.from(data as string, 'base64');
    if (!str(file)) return undefined;
    const path = resolvePath(file as string, from);
    try {
      return readFileSync(path);
    } catch (err) {
      throw new KubeconfigError(`cannot read ${what} ${path} named in kubeconfig: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const server = str(cl.server);
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" in kubeconfig has no server`);
  const userFile = user?.file ?? cluster.file;
  const exec = us.exec as Record<string, unknown> | undefined;
  const authProvider = us['auth-provider'] as { name?: string } | undefined;
  return {
    contextName,
    clusterName,
    userName,
    namespace: o.namespace ?? str(c.namespace) ?? 'default',
    server: server.replace(/\/+$/, ''),
    ca: bytes(cl['certificate-authority-data'], cl['certificate-authority'], cluster.file, 'certificate authority'),
    insecureSkipTlsVerify: cl['insecure-skip-tls-verify'] === true,
    tlsServerName: str(cl['tls-server-name']),
    proxyUrl: str(cl['proxy-url']),
    clientCert: bytes(us['client-certificate-data'], us['client-certificate'], userFile, 'client certificate'),
    clientKey: bytes(us['client-key-data'], us['client-key'], userFile, 'client key'),
    token: str(us.token),
    tokenFile: str(us.tokenFile) ? resolvePath(us.tokenFile as string, userFile) : undefined,
    basicAuth: str(us.username) && str(us.password) ? { username: us.username as string, password: us.password as string } : undefined,
    exec: exec
      ? {
          apiVersion: str(exec.apiVersion) ?? 'client.authentication.k8s.io/v1',
          command: resolveCommand(str(exec.command) ?? '', userFile),
          args: (exec.args as string[] | undefined) ?? [],
          env: (exec.env as { name: string; value: string }[] | undefined) ?? [],
          interactiveMode: str(exec.interactiveMode),
          provideClusterInfo: exec.provideClusterInfo === true,
        }
      : undefined,
    authProvider: authProvider?.name,
  };
}

/** kubectl resolves an exec command with a path separator relative to the kubeconfig; a bare name goes through PATH. */
function resolveCommand(command: string, file: RawFile): string {
  return command.includes('/') && !isAbsolute(command) ? join(dirname(file.path), command) : command;
}
