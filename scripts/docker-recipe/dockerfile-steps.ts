import { type Copy, DockerfileParser, type Env, From, type JSONInstruction } from 'dockerfile-ast';

/** One instruction of a build stage, in the subset the recipe replay understands. */
export type RecipeStep =
  | { kind: 'WORKDIR'; path: string }
  | { kind: 'ENV'; values: Record<string, string> }
  | { kind: 'COPY'; from?: string; sources: string[]; destination: string }
  | { kind: 'RUN'; command: string }
  | { kind: 'USER'; user: string }
  | { kind: 'EXPOSE'; ports: string[] }
  | { kind: 'CMD'; command: string[] };

/** A `FROM … AS name` stage and its steps, in file order. */
export interface RecipeStage {
  name: string;
  image: string;
  steps: RecipeStep[];
}

/**
 * Reads a Dockerfile (parsed by dockerfile-ast, the parser of the VS Code Docker extension) into
 * stages of steps. Anything outside FROM, WORKDIR, ENV, COPY, RUN, USER, EXPOSE and CMD is refused,
 * so that the replay can never skip an instruction the image would run; so are a CMD in shell form
 * (a shell as PID 1 would not pass SIGTERM on) and COPY wildcards.
 */
export function parseDockerfile(text: string): RecipeStage[] {
  const stages: RecipeStage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    const fail = (why: string): never => {
      throw new Error(`Dockerfile line ${line} (${keyword}): ${why}`);
    };
    if (instruction instanceof From) {
      const image = instruction.getImage() ?? fail('no image');
      stages.push({ name: instruction.getBuildStage() ?? String(stages.length), image, steps: [] });
      continue;
    }
    const stage = stages.at(-1) ?? fail('before any FROM');
    const args = instruction.getArguments().map((argument) => argument.getValue());
    switch (keyword) {
      case 'WORKDIR':
        stage.steps.push({ kind: 'WORKDIR', path: args.join(' ') });
        break;
      case 'ENV': {
        const values: Record<string, string> = {};
        for (const property of (instruction as Env).getProperties()) {
          values[property.getName()] = property.getUnescapedValue() ?? '';
        }
        stage.steps.push({ kind: 'ENV', values });
        break;
      }
      case 'COPY': {
        const copy = instruction as Copy;
        const unsupported = copy.getFlags().filter((flag) => flag.getName() !== 'from');
        if (unsupported.length > 0) fail(`unsupported flag --${unsupported[0]?.getName()}`);
        const paths = args.filter((arg) => !arg.startsWith('--'));
        if (paths.length < 2) fail('needs a source and a destination');
        if (paths.some((path) => /[*?[]/.test(path))) fail('wildcards are not replayed');
        stage.steps.push({
          kind: 'COPY',
          from: copy.getFromFlag()?.getValue() ?? undefined,
          sources: paths.slice(0, -1),
          destination: paths.at(-1) ?? '',
        });
        break;
      }
      case 'RUN':
        stage.steps.push({ kind: 'RUN', command: instruction.getArgumentsContent() ?? '' });
        break;
      case 'USER':
        stage.steps.push({ kind: 'USER', user: args.join(' ') });
        break;
      case 'EXPOSE':
        stage.steps.push({ kind: 'EXPOSE', ports: args });
        break;
      case 'CMD': {
        const json = (instruction as JSONInstruction).getJSONStrings();
        if (json.length === 0) fail('use the exec form ["node", …] so that node gets SIGTERM');
        stage.steps.push({ kind: 'CMD', command: json.map((arg) => arg.getJSONValue()) });
        break;
      }
      default:
        fail('not replayed by scripts/docker-recipe; extend it before using this instruction');
    }
  }
  if (stages.length === 0) throw new Error('Dockerfile: no FROM');
  return stages;
}
