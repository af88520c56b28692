// `npm run deploy:validate` (run by .ci/run): every YAML document under deploy/ is checked against
// the Kubernetes API's JSON schemas as shipped by kubernetes-models (its compiled ajv validators):
// required fields, types and enums. Like the API's OpenAPI schemas they allow unknown fields, so a
// misspelt optional field is not caught (kubeconform -strict would; it is not on npm).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const root = fileURLToPath(new URL('..', import.meta.url));
const files = readdirSync(join(root, 'deploy'), { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => join(root, 'deploy', file));
const kinds: string[] = [];
let failures = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const name = relative(root, file);
    if (document.errors.length > 0) throw new Error(`${name}: ${document.errors[0]?.message}`);
    const object = document.toJS() as { apiVersion?: string; kind?: string } | null;
    if (!object) continue;
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = MODELS[key];
    try {
      if (!Model) throw new Error(`no schema mapped for ${key}`);
      new Model(object as never).validate();
      kinds.push(object.kind ?? '');
      console.log(`ok: ${name} ${key}`);
    } catch (error) {
      failures++;
      console.error(`invalid: ${name} ${key}: ${(error as Error).message}`);
    }
  }
}
const required = ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'];
for (const kind of required.filter((kind) => !kinds.includes(kind))) {
  failures++;
  console.error(`missing: no ${kind} under deploy/`);
}
process.exit(failures === 0 ? 0 : 1);
