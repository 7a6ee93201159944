// Validates rendered Kubernetes manifests offline (usage: node validate.mjs OUT_DIR FILE.yaml...).
//
// Two checks per object, both from the kubernetes-models packages (generated from the Kubernetes
// OpenAPI document and the prometheus-operator CRDs):
//  1. the models' JSON-schema validators: required fields, types, formats, enums;
//  2. the TypeScript compiler over the object as a typed literal: its excess-property check
//     rejects every field the schema does not know (a misspelt "readinessProbe" passes check 1).
// Kinds without an offline schema (Strimzi's Kafka and KafkaNodePool, OpenShift's Route) are
// listed as not validated; any other unknown kind is an error. Prints one JSON line; exit 1 on
// any error.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import yaml from 'js-yaml';

const MODELS = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'Secret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'v1/ServiceAccount': ['kubernetes-models/v1/ServiceAccount', 'ServiceAccount'],
  'v1/PersistentVolumeClaim': ['kubernetes-models/v1/PersistentVolumeClaim', 'PersistentVolumeClaim'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'apps/v1/StatefulSet': ['kubernetes-models/apps/v1/StatefulSet', 'StatefulSet'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'HorizontalPodAutoscaler'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
  'networking.k8s.io/v1/NetworkPolicy': ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'NetworkPolicy'],
  'monitoring.coreos.com/v1/ServiceMonitor': ['@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', 'ServiceMonitor'],
  'monitoring.coreos.com/v1/PrometheusRule': ['@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule', 'PrometheusRule'],
};
const NO_OFFLINE_SCHEMA = new Set(['kafka.strimzi.io/v1beta2/Kafka', 'kafka.strimzi.io/v1beta2/KafkaNodePool',
  'route.openshift.io/v1/Route']);

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node validate.mjs OUT_DIR FILE.yaml...');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const errors = [];
const notValidated = [];
let validated = 0;
const sources = [];
for (const file of files) {
  const docs = yaml.loadAll(fs.readFileSync(file, 'utf8')).filter((d) => d != null);
  for (const [i, doc] of docs.entries()) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const where = `${path.basename(file)}: ${doc.kind} ${doc.metadata?.name ?? '?'}`;
    if (NO_OFFLINE_SCHEMA.has(key)) {
      notValidated.push(where);
      continue;
    }
    const model = MODELS[key];
    if (!model) {
      errors.push(`${where}: no schema for ${key}`);
      continue;
    }
    const mod = await import(model[0]);
    try {
      new mod[model[1]](doc).validate();
    } catch (e) {
      errors.push(`${where}: ${e.message}`);
    }
    const name = `m${sources.length}`;
    sources.push({ where, name });
    fs.writeFileSync(path.join(outDir, `${name}.ts`),
      `// ${where}\nimport type { I${model[1]} } from "${model[0]}";\n`
      + `export const ${name}: I${model[1]} = ${JSON.stringify(doc, null, 2)};\n`);
    validated++;
  }
}
if (sources.length > 0) {
  const here = path.dirname(new URL(import.meta.url).pathname);
  try {
    execFileSync(process.execPath, [path.join(here, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck',
      ...sources.map((s) => path.join(outDir, `${s.name}.ts`))], { cwd: here, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    for (const line of String(e.stdout).split('\n').filter((l) => l.includes('error TS'))) {
      const m = /(m\d+)\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
      const s = m && sources.find((x) => x.name === m[1]);
      errors.push(s ? `${s.where} (line ${m[2]} of its JSON): ${m[4]}` : line);
    }
    if (errors.length === 0) {
      errors.push(`tsc failed: ${e.stdout}${e.stderr}`);
    }
  }
}
console.log(JSON.stringify({ validated, not_validated: notValidated, errors }));
process.exit(errors.length > 0 ? 1 : 0);
