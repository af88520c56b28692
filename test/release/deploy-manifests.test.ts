import { readdirSync, readFileSync } from 'node:fs';
import {
  DockerfileParser,
  type Env,
  From,
  type Instruction,
  type JSONInstruction,
} from 'dockerfile-ast';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type {
  IConfigMap,
  IContainer,
  IPodSpec,
  IProbe,
  ISecret,
  IService,
} from 'kubernetes-models/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  type AppConfig,
  GATEWAY_ENV_VARIABLES,
  loadConfig,
  usesBuiltInCursorSecret,
} from '../../src/config.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { shutdownDeadlineMs } from '../../src/shutdown-deadline.js';
import { createTestGateway, type TestGateway } from '../helpers/gateway.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

const README = read('README.md');
const SECRET_EXAMPLE_TEXT = read('deploy/secret.example.yaml');

type Manifest = { apiVersion: string; kind: string; metadata?: { name?: string } };

/** Every document of `deploy/kubernetes/` (what `kubectl apply -f` installs). */
const APPLIED: Manifest[] = readdirSync(new URL('deploy/kubernetes/', ROOT))
  .filter((file) => /\.ya?ml$/.test(file))
  .flatMap((file) => parseAllDocuments(read(`deploy/kubernetes/${file}`)))
  .map((document) => document.toJS() as Manifest | null)
  .filter((object): object is Manifest => object !== null);

function only<T>(kind: string, objects: Manifest[] = APPLIED): T {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as T;
}

const DEPLOYMENT = only<IDeployment>('Deployment');
const POD: IPodSpec = DEPLOYMENT.spec?.template.spec ?? { containers: [] };
const CONTAINER: IContainer = POD.containers[0] ?? { name: 'missing' };
const CONFIG_MAPS = APPLIED.filter((object): object is IConfigMap => object.kind === 'ConfigMap');
const SECRET_EXAMPLE = only<ISecret>('Secret', [parse(SECRET_EXAMPLE_TEXT) as Manifest]);

/**
 * The keys deploy/secret.example.yaml shows commented out (`# CACHE: redis`), as the operator who
 * uncomments them would set them.
 */
const SECRET_EXAMPLE_OPTIONAL: Record<string, string> = parse(
  [...SECRET_EXAMPLE_TEXT.matchAll(/^\s*#\s*([A-Z][A-Z0-9_]*: .*)$/gm)]
    .map((match) => match[1])
    .join('\n'),
);

/** The Secret that README's `kubectl create secret generic NAME --from-literal=KEY=…` creates. */
function readmeSecret(): ISecret {
  const command = /kubectl create secret generic (\S+)((?: --from-literal=\S+)+)/.exec(README);
  const keys = [...(command?.[2] ?? '').matchAll(/--from-literal=([A-Z][A-Z0-9_]*)=/g)];
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: command?.[1] },
    // `openssl rand -hex 32`: 64 hexadecimal characters.
    stringData: Object.fromEntries(keys.map((key) => [key[1], 'a1'.repeat(32)])),
  };
}

interface ContainerEnv {
  /** What the process finds in its environment. */
  values: Record<string, string>;
  /** Every variable the manifests may set, including optional Secret keys that are absent. */
  names: string[];
  /** References the kubelet cannot resolve, so that the pod never starts. */
  unresolved: string[];
}

function dataOf(object: IConfigMap | ISecret): Record<string, string> {
  const data = Object.fromEntries(
    Object.entries(object.data ?? {}).map(([key, value]) => [
      key,
      object.kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value,
    ]),
  );
  return { ...data, ...('stringData' in object ? object.stringData : {}) };
}

/** The container's environment as the kubelet builds it: `envFrom` first, `env` over it. */
function containerEnv(secrets: ISecret[], imageEnv: Record<string, string> = {}): ContainerEnv {
  const values: Record<string, string> = { ...imageEnv };
  const names: string[] = [];
  const unresolved: string[] = [];
  const source = (kind: 'ConfigMap' | 'Secret', name: string | undefined) => {
    const pool: (IConfigMap | ISecret)[] = kind === 'Secret' ? secrets : CONFIG_MAPS;
    const found = pool.find((object) => object.metadata?.name === name);
    return found === undefined ? undefined : dataOf(found);
  };
  for (const from of CONTAINER.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const data = source(from.configMapRef ? 'ConfigMap' : 'Secret', ref?.name);
    if (data === undefined && ref?.optional !== true) unresolved.push(`envFrom ${ref?.name}`);
    for (const [key, value] of Object.entries(data ?? {})) {
      names.push(`${from.prefix ?? ''}${key}`);
      values[`${from.prefix ?? ''}${key}`] = value;
    }
  }
  for (const variable of CONTAINER.env ?? []) {
    names.push(variable.name);
    if (variable.value !== undefined || variable.valueFrom === undefined) {
      values[variable.name] = variable.value ?? '';
      continue;
    }
    const { configMapKeyRef, secretKeyRef } = variable.valueFrom;
    const ref = configMapKeyRef ?? secretKeyRef;
    if (ref === undefined) continue;
    const value = source(configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name)?.[ref.key];
    if (value !== undefined) values[variable.name] = value;
    else if (ref.optional !== true) unresolved.push(`${variable.name} from ${ref.name}/${ref.key}`);
  }
  return { values, names, unresolved };
}

/** The Secret keys the container reads, required or optional. */
function secretKeysRead(): string[] {
  return (CONTAINER.env ?? []).flatMap((variable) => variable.valueFrom?.secretKeyRef?.key ?? []);
}

/** A probe's or Service's port, by number or by the container port's name. */
function containerPort(port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return CONTAINER.ports?.find((declared) => declared.name === port)?.containerPort;
}

function preStopPauseSeconds(): number {
  const handler = CONTAINER.lifecycle?.preStop;
  if (handler?.sleep) return handler.sleep.seconds;
  const command = handler?.exec?.command?.join(' ') ?? '';
  return Number(/\bsleep (\d+)\b/.exec(command)?.[1] ?? 0);
}

/** The instructions of the Dockerfile's last stage: the image that runs. */
function runtimeStage(text: string): Instruction[] {
  const instructions = DockerfileParser.parse(text).getInstructions();
  const from = instructions.findLastIndex((instruction) => instruction instanceof From);
  return instructions.slice(from + 1);
}

const RUNTIME = runtimeStage(read('deploy/Dockerfile'));
const byKeyword = (keyword: string) =>
  RUNTIME.filter((instruction) => instruction.getKeyword() === keyword);

const IMAGE_ENV: Record<string, string> = Object.fromEntries(
  byKeyword('ENV').flatMap((instruction) =>
    (instruction as Env).getProperties().map((p) => [p.getName(), p.getUnescapedValue() ?? '']),
  ),
);

/** The pod's environment, with the example Secret. */
const POD_ENV = containerEnv([SECRET_EXAMPLE], IMAGE_ENV);

/** The configuration the gateway loads in the pod; throws `ConfigError` on a bad value. */
const podConfig = (): AppConfig => loadConfig(POD_ENV.values);

let served: Promise<{ gateway: TestGateway; running: RunningServer }> | undefined;

/** A gateway with the pod's configuration, listening on a free loopback port (started once). */
function servedGateway() {
  served ??= (async () => {
    const { port: _port, host: _host, swrEndpoint, ...settings } = podConfig();
    const gateway = createTestGateway({
      settings: { ...settings, swrEndpoint: swrEndpoint ?? '' },
    });
    return { gateway, running: await listen(gateway.app, { port: 0, host: '127.0.0.1' }) };
  })();
  return served;
}

/** GET `path` from the running gateway, as a kubelet probe or a HEALTHCHECK would. */
async function statusOf(path: string): Promise<number> {
  const { running } = await servedGateway();
  const response = await fetch(new URL(path, running.url));
  await response.arrayBuffer();
  return response.status;
}

afterAll(async () => {
  const { gateway, running } = (await served?.catch(() => undefined)) ?? {};
  await running?.close({ timeoutMs: 1000 });
  await gateway?.app.close();
});

/**
 * What the manifests and the image promise, checked against the code rather than restated: the
 * paths a running gateway answers, the port and shutdown deadline `src/config.ts` and
 * `src/shutdown-deadline.ts` give, the variables `loadConfig` reads, and the README's production
 * command. Offline; the schema check (`npm run deploy:validate`) and the recipe replay
 * (`npm run deploy:check-recipe`) run in .ci/run.
 */
describe('deploy/kubernetes/ against the gateway it runs', () => {
  const probes = { readiness: CONTAINER.readinessProbe, liveness: CONTAINER.livenessProbe };
  const pathOf = (probe: IProbe | undefined) => probe?.httpGet?.path ?? '(no httpGet probe)';

  it('points the probes at paths the gateway answers with 200, over plain HTTP', async () => {
    for (const probe of Object.values(probes)) {
      expect(probe?.httpGet?.scheme ?? 'HTTP').toBe('HTTP');
      expect(probe?.httpGet?.host).toBeUndefined();
      expect(await statusOf(pathOf(probe)), pathOf(probe)).toBe(200);
    }
  });

  it('keeps liveness passing and fails readiness once shutdown begins', async () => {
    const { app } = createTestGateway();
    app.observability.health.beginShutdown();
    const status = async (probe: IProbe | undefined) =>
      (await app.yoga.fetch(`http://pod.test${pathOf(probe)}`)).status;
    expect(await status(probes.liveness)).toBe(200);
    expect(await status(probes.readiness)).toBe(503);
    await app.close();
  });

  it('declares the port the gateway listens on, on an interface the kubelet reaches', () => {
    const service = only<IService>('Service');
    const { port, host } = podConfig();
    expect(POD.containers).toHaveLength(1);
    expect(CONTAINER.ports?.map((declared) => declared.containerPort)).toEqual([port]);
    expect(containerPort(probes.readiness?.httpGet?.port)).toBe(port);
    expect(containerPort(probes.liveness?.httpGet?.port)).toBe(port);
    const targets = service.spec?.ports?.map((each) => containerPort(each.targetPort ?? each.port));
    expect(targets).toEqual([port]);
    expect(host).not.toMatch(/^(127\.|::1$|localhost$)/);
  });

  it('gives the gateway longer to stop than the preStop pause plus its own shutdown deadline', () => {
    const graceMs = (POD.terminationGracePeriodSeconds ?? 30) * 1000;
    const neededMs =
      preStopPauseSeconds() * 1000 + shutdownDeadlineMs(podConfig().shutdownTimeoutMs);
    expect(graceMs).toBeGreaterThan(neededMs);
  });

  it('sets only variables src/config.ts reads, with values it accepts', () => {
    const shown = [
      ...POD_ENV.names,
      ...CONFIG_MAPS.flatMap((configMap) => Object.keys(dataOf(configMap))),
      ...Object.keys(dataOf(SECRET_EXAMPLE)),
      ...Object.keys(SECRET_EXAMPLE_OPTIONAL),
    ];
    expect(shown).toContain('SHUTDOWN_TIMEOUT_MS');
    expect(shown.filter((name) => !GATEWAY_ENV_VARIABLES.includes(name))).toEqual([]);
    expect(POD_ENV.unresolved).toEqual([]);
    expect(podConfig).not.toThrow();
  });

  it('keeps every secret out of the ConfigMap and the Deployment', () => {
    const plain = [
      ...CONFIG_MAPS.flatMap((configMap) => Object.keys(dataOf(configMap))),
      ...(CONTAINER.env ?? []).filter((variable) => !variable.valueFrom).map((v) => v.name),
    ];
    expect(plain.filter((name) => /SECRET|PASSWORD|TOKEN|REDIS_URL/.test(name))).toEqual([]);
  });

  it("starts in front of a real SWR region with its own cursor key, from the README's Secret", () => {
    const secret = readmeSecret();
    const env = containerEnv([secret], IMAGE_ENV);
    expect(env.unresolved).toEqual([]);
    const config = loadConfig(env.values);
    expect(config.swrEndpoint).toBeDefined();
    expect(usesBuiltInCursorSecret(config)).toBe(false);
    expect(usesBuiltInCursorSecret(podConfig())).toBe(false);
  });

  it('reads each key the example Secret shows, whose optional cache settings load as they are', () => {
    const shown = [...Object.keys(dataOf(SECRET_EXAMPLE)), ...Object.keys(SECRET_EXAMPLE_OPTIONAL)];
    expect(secretKeysRead().sort()).toEqual(shown.sort());
    const withCache = {
      ...SECRET_EXAMPLE,
      stringData: { ...dataOf(SECRET_EXAMPLE), ...SECRET_EXAMPLE_OPTIONAL },
    };
    const config = loadConfig(containerEnv([withCache], IMAGE_ENV).values);
    expect(config.cache.store).toBe(SECRET_EXAMPLE_OPTIONAL.CACHE);
  });

  it('scales and protects the Deployment by its name and its pods by their labels', () => {
    const hpa = only<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const pdb = only<IPodDisruptionBudget>('PodDisruptionBudget');
    const service = only<IService>('Service');
    const podLabels = DEPLOYMENT.spec?.template.metadata?.labels ?? {};
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: DEPLOYMENT.apiVersion,
      kind: DEPLOYMENT.kind,
      name: DEPLOYMENT.metadata?.name,
    });
    for (const selector of [
      DEPLOYMENT.spec?.selector.matchLabels,
      pdb.spec?.selector?.matchLabels,
      service.spec?.selector,
    ]) {
      expect(Object.keys(selector ?? {})).not.toHaveLength(0);
      expect(podLabels).toMatchObject(selector ?? {});
    }
    const minReplicas = hpa.spec?.minReplicas ?? 1;
    expect(DEPLOYMENT.spec?.replicas ?? 1).toBeGreaterThanOrEqual(minReplicas);
    expect(DEPLOYMENT.spec?.replicas ?? 1).toBeLessThanOrEqual(hpa.spec?.maxReplicas ?? 0);
    expect(minReplicas).toBeGreaterThan(Number(pdb.spec?.maxUnavailable ?? 0));
    const onCpu = hpa.spec?.metrics?.some((metric) => metric.resource?.name === 'cpu');
    if (onCpu) expect(CONTAINER.resources?.requests?.cpu).toBeDefined();
  });

  it('runs as a user the kubelet can check is not root', () => {
    const user = CONTAINER.securityContext?.runAsUser ?? POD.securityContext?.runAsUser;
    const imageUser = byKeyword('USER').at(-1)?.getArgumentsContent() ?? '';
    const nonRoot = CONTAINER.securityContext?.runAsNonRoot ?? POD.securityContext?.runAsNonRoot;
    expect(nonRoot).toBe(true);
    expect(user ?? Number(/^\d+/.exec(imageUser)?.[0])).toBeGreaterThan(0);
  });

  it("quotes the manifests' figures in the README's Deploying section", () => {
    const section = /<!-- Deploying[^>]*-->([\s\S]*?)<!-- \/Deploying -->/.exec(README)?.[1] ?? '';
    const { requests, limits } = CONTAINER.resources ?? {};
    const hpa = only<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const pdb = only<IPodDisruptionBudget>('PodDisruptionBudget');
    const quoted = [
      `readiness on \`${pathOf(probes.readiness)}\``,
      `liveness on \`${pathOf(probes.liveness)}\``,
      `terminationGracePeriodSeconds: ${POD.terminationGracePeriodSeconds}`,
      `\`SHUTDOWN_TIMEOUT_MS\` ${podConfig().shutdownTimeoutMs / 1000} s`,
      `${preStopPauseSeconds()} s preStop`,
      `requests ${requests?.cpu}/${requests?.memory}`,
      `limits ${limits?.cpu}/${limits?.memory}`,
      `(${hpa.spec?.metrics?.[0]?.resource?.target.averageUtilization} %)`,
      `\`maxUnavailable: ${pdb.spec?.maxUnavailable}\``,
    ];
    expect(quoted.filter((text) => !section.replace(/\s+/g, ' ').includes(text))).toEqual([]);
  });
});

describe('deploy/Dockerfile against the production command', () => {
  it("runs the README's production command as the main process, in exec form", () => {
    const production = /\*\*The production command is `([^`]+)`\*\*/.exec(README)?.[1];
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
      .start;
    expect(start).toBe(`exec ${production}`);
    const cmd = byKeyword('CMD').map((instruction) =>
      (instruction as JSONInstruction).getJSONStrings().map((arg) => arg.getJSONValue()),
    );
    expect(cmd).toEqual([production?.split(' ')]);
    expect(byKeyword('ENTRYPOINT')).toEqual([]);
    for (const signal of byKeyword('STOPSIGNAL')) {
      expect(signal.getArgumentsContent()).toMatch(/^SIG(TERM|INT)$/);
    }
  });

  it('exposes the port the gateway listens on and health-checks only paths it serves', async () => {
    const ports = byKeyword('EXPOSE').flatMap((instruction) =>
      instruction.getArguments().map((arg) => Number.parseInt(arg.getValue(), 10)),
    );
    expect(ports).toEqual([loadConfig(IMAGE_ENV).port]);
    for (const check of byKeyword('HEALTHCHECK')) {
      const text = check.getArgumentsContent() ?? '';
      if (/^NONE$/i.test(text.trim())) continue;
      const paths = [...text.matchAll(/https?:\/\/[^/\s"']+(\/[^\s"']*)/g)].map((m) => m[1] ?? '');
      expect(paths, text).not.toHaveLength(0);
      for (const path of paths) expect(await statusOf(path), path).toBe(200);
    }
  });
});
