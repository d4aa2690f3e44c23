// Reads kubeconfig the way kubectl does — $KUBECONFIG (a list of files, first value wins),
// else ~/.kube/config; --context picks another context, kubectl's other global flags override
// the entries (kubeconfig-overrides.ts); relative paths are relative to the file that names
// them — and reduces it to what one connection needs. Kept small on purpose:
// @kubernetes/client-node's KubeConfig costs ~1.4 MB of bundle and ~170 ms of start-up
// (measured), mostly for auth providers that kubectl itself has dropped.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { load } from 'js-yaml';
import { BadInputError } from '../../domain/bad-input.ts';
import { overrideCluster, overrideUser, type KubeOverrides } from './kubeconfig-overrides.ts';

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
  /** Impersonate-User, -Group, -Uid headers: kubeconfig's as/as-groups/as-uid, or --as/--as-group/--as-uid. */
  impersonate?: { user: string; groups: string[]; uid?: string };
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
  /** kubectl's other global flags. */
  overrides?: KubeOverrides;
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
  const ov = o.overrides ?? {};
  const clusterName = str(ov.cluster) ?? str(c.cluster) ?? '';
  const userName = str(ov.user) ?? str(c.user) ?? '';
  const cluster = findNamed<{ cluster?: Record<string, unknown> }>(files, 'clusters', clusterName);
  // Not found, as an unknown --context is: the kubeconfig decides (client-go: `cluster "x" does not exist`).
  if (str(ov.cluster) && !cluster) throw new KubeconfigError(`--cluster ${clusterName}: no such cluster in kubeconfig (kubectl config get-clusters lists them)`);
  // As client-go: without --server an absent cluster has no server (refused below).
  if (!cluster?.item.cluster && !str(ov.server)) throw new KubeconfigError(`cluster "${clusterName}" of context "${contextName}" not found in kubeconfig`);
  const user = findNamed<{ user?: Record<string, unknown> }>(files, 'users', userName);
  if (str(ov.user) && !user) throw new KubeconfigError(`--user ${userName}: no such user in kubeconfig (kubectl config get-users lists them)`);
  const cl = overrideCluster(cluster?.item.cluster ?? {}, ov);
  const us = overrideUser(user?.item.user ?? {}, ov);
  checkImpersonation(us, userName, ov);
  checkAuthMethods(us, userName);

  const resolvePath = (p: string, file: RawFile) => (isAbsolute(p) ? p : join(dirname(file.path), p));
  /** `flag`: the flag that named the file, when one did (its path is then the command line's). */
  const bytes = (data: unknown, file: unknown, from: RawFile, what: string, flag: [string, string | undefined]): Buffer | undefined => {
    if (str(data)) return Buffer.from(data as string, 'base64');
    if (!str(file)) return undefined;
    const path = resolvePath(file as string, from);
    try {
      return readFileSync(path);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      if (str(flag[1])) throw new BadInputError(`${flag[0]} ${flag[1]}: cannot read the ${what}: ${why}`);
      throw new KubeconfigError(`cannot read ${what} ${path} named in kubeconfig: ${why}`);
    }
  };
  const server = str(cl.server);
  if (!server) throw new KubeconfigError(`cluster "${clusterName}" in kubeconfig has no server`);
  const clusterFile = cluster?.file ?? ctx.file;
  const userFile = user?.file ?? clusterFile;
  const ca = bytes(cl['certificate-authority-data'], cl['certificate-authority'], clusterFile, 'certificate authority', ['--certificate-authority', ov.certificateAuthority]);
  const clientCert = bytes(us['client-certificate-data'], us['client-certificate'], userFile, 'client certificate', ['--client-certificate', ov.clientCertificate]);
  const insecureSkipTlsVerify = cl['insecure-skip-tls-verify'] === true;
  const impersonateUser = str(us.as);
  const exec = us.exec as Record<string, unknown> | undefined;
  const authProvider = us['auth-provider'] as { name?: string } | undefined;
  return {
    contextName,
    clusterName,
    userName,
    namespace: o.namespace ?? str(c.namespace) ?? 'default',
    server: withoutUserinfo(withScheme(server, ca !== undefined || clientCert !== undefined || insecureSkipTlsVerify)).replace(/\/+$/, ''),
    ca,
    insecureSkipTlsVerify,
    tlsServerName: str(cl['tls-server-name']),
    proxyUrl: str(cl['proxy-url']),
    clientCert,
    clientKey: bytes(us['client-key-data'], us['client-key'], userFile, 'client key', ['--client-key', ov.clientKey]),
    token: str(us.token),
    tokenFile: str(us.tokenFile) ? resolvePath(us.tokenFile as string, userFile) : undefined,
    impersonate: impersonateUser ? { user: impersonateUser, groups: (us['as-groups'] as string[] | undefined) ?? [], uid: str(us['as-uid']) } : undefined,
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

/**
 * A server URL without the `user:password@` it may carry: the API server has taken no basic
 * auth since Kubernetes 1.19 (kubectl asks for a username when a kubeconfig has no user), and
 * kept, the password would show wherever the server is named (an unreachable server's error,
 * the change records, the resync journals).
 */
function withoutUserinfo(server: string): string {
  const at = server.indexOf('@');
  const slash = server.indexOf('/', server.indexOf('://') + 3);
  if (at < 0 || (slash >= 0 && at > slash)) return server;
  return server.slice(0, server.indexOf('://') + 3) + server.slice(at + 1);
}

/**
 * A server given as host:port (`--server 10.0.0.1:6443`) gets client-go's default scheme
 * (rest.DefaultServerUrlFor): https when a CA, a client certificate or insecure-skip-tls-verify
 * is set, else http.
 */
function withScheme(server: string, tls: boolean): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `${tls ? 'https' : 'http'}://${server}`;
}

/** What kubectl's validation (client-go validation.go validateAuthInfo) refuses in the merged user, named as the flag's mistake when a flag caused it. */
function checkImpersonation(us: Record<string, unknown>, userName: string, ov: KubeOverrides): void {
  if (str(us.as)) return;
  if ((ov.asGroups?.length ?? 0) > 0 || str(ov.asUid)) {
    throw new BadInputError(`${str(ov.asUid) ? '--as-uid' : '--as-group'} asks for a UID or groups to impersonate without a user: add --as USER (kubectl refuses it the same way)`);
  }
  if (((us['as-groups'] as unknown[] | undefined)?.length ?? 0) > 0 || str(us['as-uid'])) {
    throw new KubeconfigError(`kubeconfig user "${userName}" has as-groups or as-uid without as: kubectl refuses it too ("without impersonating a user")`);
  }
}

/** A token and a username/password together: kubectl refuses ("more than one authentication method"). */
function checkAuthMethods(us: Record<string, unknown>, userName: string): void {
  if (str(us.token) && (str(us.username) || str(us.password))) {
    throw new KubeconfigError(`kubeconfig user "${userName}" has a token and a username/password (with --token, the token is the flag's): kubectl refuses more than one authentication method too`);
  }
}

/** kubectl resolves an exec command with a path separator relative to the kubeconfig; a bare name goes through PATH. */
function resolveCommand(command: string, file: RawFile): string {
  return command.includes('/') && !isAbsolute(command) ? join(dirname(file.path), command) : command;
}
