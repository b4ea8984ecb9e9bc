import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const OVERLAYS = join(import.meta.dirname, "../infra/k8s/overlays");
const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

/** Each kind the manifests use, with the schema its objects are validated against (no cluster needed). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

function render(overlay: string): K8sObject[] {
  const text = execFileSync("kubectl", ["kustomize", join(OVERLAYS, overlay)], { encoding: "utf8" });
  return parseAllDocuments(text).map((d) => unwrapSecretData(d.toJS() as K8sObject));
}

/**
 * kustomize wraps a generated Secret's base64 values at 70 characters; the API server's decoder skips the
 * line breaks, the schema's `byte` format does not: the values are checked unwrapped.
 */
function unwrapSecretData(o: K8sObject): K8sObject {
  if (o.kind !== "Secret" || !o.data) return o;
  return { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, v.replace(/\s/g, "")])) };
}

// Debian's kubernetes-client provides kubectl (.ci/run installs it); without it, this file says so and skips.
describe.skipIf(!kubectl)(`Kubernetes overlays${kubectl ? "" : " (skipped: kubectl not installed)"}`, () => {
  const overlays = readdirSync(OVERLAYS);

  it("has the overlays the README names", () => {
    expect(overlays.sort()).toEqual(["dev", "production"]);
  });

  for (const overlay of overlays)
    it(`${overlay}: renders, and every object validates against its Kubernetes or KEDA schema`, () => {
      const objects = render(overlay);
      for (const o of objects) {
        const Model = MODELS[`${o.apiVersion}/${o.kind}`];
        expect(Model, `a schema for ${o.apiVersion} ${o.kind}`).toBeDefined();
        expect(() => new Model!(o as never).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
      }
      const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      for (const name of [
        "Deployment/rectune-api",
        "Service/rectune-api",
        "Deployment/rectune-scheduler",
        "Deployment/rectune-worker-cpu",
        "Deployment/rectune-worker-gpu",
        "Job/rectune-migrate",
        "ScaledObject/rectune-worker-cpu",
        "ScaledObject/rectune-worker-gpu",
      ])
        expect(names).toContain(name);
      // Every namespaced object lands in the overlay's namespace.
      const namespace = objects.find((o) => o.kind === "Namespace")?.metadata.name;
      for (const o of objects) if (o.kind !== "Namespace") expect(o.metadata.namespace).toBe(namespace);
    });

  it("production: one scheduler, GPU workers on GPU nodes with a GPU each, scaled from zero on the gpu backlog", () => {
    const objects = render("production");
    const get = (kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) as K8sObject & { spec: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test reads deep paths
    expect(get("Deployment", "rectune-scheduler").spec.replicas).toBe(1);
    expect(get("Deployment", "rectune-api").spec.replicas).toBe(3);
    const gpuPod = get("Deployment", "rectune-worker-gpu").spec.template.spec;
    expect(gpuPod.containers[0].resources.limits["nvidia.com/gpu"]).toBe(1);
    expect(gpuPod.nodeSelector).toEqual({ "nvidia.com/gpu.present": "true" });
    expect(gpuPod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    const gpuScaler = get("ScaledObject", "rectune-worker-gpu").spec;
    expect(gpuScaler.minReplicaCount).toBe(0);
    expect(gpuScaler.triggers.map((t: { metadata: { query: string } }) => t.metadata.query)).toEqual([
      'max(rectune_queue_backlog{accelerator="gpu"})',
    ]);
    const cpuQueries = get("ScaledObject", "rectune-worker-cpu").spec.triggers.map(
      (t: { metadata: { query: string } }) => t.metadata.query,
    );
    expect(cpuQueries).toEqual([
      'max(rectune_queue_backlog{accelerator="cpu"})',
      'max(rectune_queue_backlog{accelerator="any"})',
    ]);
    // The Secret is created beforehand in production, never rendered from the repository.
    expect(objects.some((o) => o.kind === "Secret")).toBe(false);
  });
});
