import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../scripts/docker-recipe/dockerfile-steps.js';

const DOCKERFILE = readFileSync(new URL('../../deploy/Dockerfile', import.meta.url), 'utf8');

/** What `npm run deploy:check-recipe` replays; the replay itself runs in .ci/run. */
describe('deploy/Dockerfile as the recipe replay reads it', () => {
  const stages = parseDockerfile(DOCKERFILE);
  const runtime = stages.at(-1);

  it('builds in one stage and runs from a second, on one Node major', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    expect(new Set(stages.map((stage) => /^node:(\d+)-/.exec(stage.image)?.[1])).size).toBe(1);
    expect(runtime?.steps).toContainEqual({
      kind: 'COPY',
      from: 'build',
      sources: ['/app/dist'],
      destination: './dist',
    });
  });

  it('installs production dependencies only, runs as a non-root user, and execs node', () => {
    const runs = stages.flatMap((stage) => stage.steps).filter((step) => step.kind === 'RUN');
    for (const step of runs) expect(step.command).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
    expect(runtime?.steps).toContainEqual({ kind: 'USER', user: 'node' });
    expect(runtime?.steps.at(-1)).toEqual({ kind: 'CMD', command: ['node', 'dist/server.js'] });
  });

  it('refuses what it could not replay faithfully', () => {
    expect(() => parseDockerfile('FROM node:22 AS a\nCMD node dist/server.js\n')).toThrow(
      /exec form/,
    );
    expect(() => parseDockerfile('FROM node:22\nADD x /x\n')).toThrow(/not replayed/);
    expect(() => parseDockerfile('FROM node:22\nCOPY --chown=node src ./src\n')).toThrow(
      /unsupported flag/,
    );
  });
});
