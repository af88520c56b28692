import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, posix } from 'node:path';
import type { RecipeStage } from './dockerfile-steps.js';

// CommonJS whose typings declare a default export that Node's ESM interop does not provide.
const ignore = createRequire(import.meta.url)(
  '@balena/dockerignore',
) as typeof import('@balena/dockerignore').default;

/** The last stage after the replay: what `docker run` would start. */
export interface ReplayedImage {
  /** The stage's file system root on the host. */
  root: string;
  /** WORKDIR, mapped onto the host. */
  workdir: string;
  /** The image's ENV. */
  env: Record<string, string>;
  user: string | undefined;
  command: string[];
  exposed: string[];
}

/**
 * Copies the build context as a clean checkout would send it: the files git tracks in `repo`,
 * less those `.dockerignore` excludes. Untracked and ignored files (node_modules, dist, .env…)
 * never reach it, so the replay cannot lean on something a developer installed by hand.
 */
export function prepareContext(repo: string, context: string): string[] {
  const ignorePath = join(repo, '.dockerignore');
  const dockerignore = ignore().add(
    existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8').split('\n') : [],
  );
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(repo, file)));
  const sent = dockerignore.filter(tracked);
  for (const file of sent) {
    mkdirSync(dirname(join(context, file)), { recursive: true });
    cpSync(join(repo, file), join(context, file));
  }
  return sent;
}

/**
 * Runs the stages' steps on the host, each stage in a directory of its own under `workspace`
 * standing for its file system root: COPY copies from `context` (or `--from` another stage), RUN
 * runs `sh -c` in WORKDIR with the image's ENV and only `baseEnv` besides (PATH, HOME). USER is
 * recorded, not switched to.
 */
export function replay(
  stages: RecipeStage[],
  options: { context: string; workspace: string; baseEnv: Record<string, string> },
  log: (line: string) => void = console.log,
): ReplayedImage {
  const roots = new Map<string, string>();
  let image: ReplayedImage | undefined;
  for (const [index, stage] of stages.entries()) {
    const root = join(options.workspace, `stage-${index}-${stage.name}`);
    roots.set(stage.name, root);
    const state: ReplayedImage = {
      root,
      workdir: root,
      env: {},
      user: undefined,
      command: [],
      exposed: [],
    };
    let workdirPath = '/';
    const host = (path: string) => join(root, posix.resolve(workdirPath, path));
    mkdirSync(root, { recursive: true });
    log(`== FROM ${stage.image} AS ${stage.name}`);
    for (const step of stage.steps) {
      switch (step.kind) {
        case 'WORKDIR':
          workdirPath = posix.resolve(workdirPath, step.path);
          state.workdir = host('.');
          mkdirSync(state.workdir, { recursive: true });
          break;
        case 'ENV':
          Object.assign(state.env, step.values);
          break;
        case 'COPY': {
          const fromRoot = step.from === undefined ? undefined : roots.get(step.from);
          if (step.from !== undefined && fromRoot === undefined) {
            throw new Error(`COPY --from=${step.from}: no earlier stage of that name`);
          }
          const intoDirectory = step.destination.endsWith('/') || step.sources.length > 1;
          for (const source of step.sources) {
            const path =
              fromRoot === undefined
                ? join(options.context, source)
                : join(fromRoot, posix.resolve('/', source));
            if (!existsSync(path)) {
              throw new Error(`COPY ${source}: not in the ${step.from ?? 'build context'}`);
            }
            const target =
              intoDirectory && !statSync(path).isDirectory()
                ? join(host(step.destination), basename(source))
                : host(step.destination);
            mkdirSync(dirname(target), { recursive: true });
            cpSync(path, target, { recursive: true });
          }
          log(
            `COPY ${step.from ? `--from=${step.from} ` : ''}${step.sources.join(' ')} ${step.destination}`,
          );
          break;
        }
        case 'RUN':
          log(`RUN ${step.command}`);
          execFileSync('sh', ['-c', step.command], {
            cwd: state.workdir,
            env: { ...options.baseEnv, ...state.env },
            stdio: 'inherit',
          });
          break;
        case 'USER':
          state.user = step.user;
          break;
        case 'EXPOSE':
          state.exposed.push(...step.ports);
          break;
        case 'CMD':
          state.command = step.command;
          break;
      }
    }
    image = state;
  }
  if (!image) throw new Error('no stage');
  return image;
}
