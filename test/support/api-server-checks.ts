import { checkConfigData } from './checks/config-data';
import { Check, CheckContext } from './checks/context';
import { checkDuplicates } from './checks/duplicates';
import { checkLabelsAndAnnotations } from './checks/labels-annotations';
import { checkObjectNames } from './checks/object-names';
import { checkPodSpecs } from './checks/pod-spec';
import { checkReferences } from './checks/references';
import { checkSecretWriters } from './checks/secret-writers';
import { checkSelectorTargets } from './checks/selector-targets';
import { checkServices } from './checks/services';
import { checkWorkloadSelectors } from './checks/workload-selectors';
import { locateAll, ObjectIndex } from './k8s-object';
import { DEFAULT_NAMESPACE, ValidationOptions } from './options';
import { Problem } from './problem';
import { SecretWriters } from './secret-writers';

/**
 * What the API server (or kubectl, or the controllers right after) would
 * reject or silently mishandle, beyond what the JSON schema can express.
 * Works on the whole synthesized set because references and selectors span
 * objects. Each concept lives in its own module under ./checks.
 */

const CHECKS: readonly Check[] = [
  checkObjectNames,
  checkLabelsAndAnnotations,
  checkPodSpecs,
  checkServices,
  checkWorkloadSelectors,
  checkSelectorTargets,
  checkReferences,
  checkSecretWriters,
  checkConfigData,
  checkDuplicates,
];

export function apiServerProblems(objects: readonly unknown[], options: ValidationOptions = {}): Problem[] {
  const located = locateAll(objects, options.defaultNamespace ?? DEFAULT_NAMESPACE);
  const external = options.external ?? {};
  const context: CheckContext = {
    objects: located,
    index: new ObjectIndex(located),
    secretWriters: new SecretWriters(located),
    external: {
      secrets: external.secrets ?? [],
      // Kubernetes publishes the cluster's CA in every namespace (the root CA ConfigMap
      // publisher of kube-controller-manager, GA in 1.21): what a projected token volume
      // takes its ca.crt from.
      configMaps: [...external.configMaps ?? [], 'kube-root-ca.crt'],
      serviceAccounts: external.serviceAccounts ?? [],
      persistentVolumeClaims: external.persistentVolumeClaims ?? [],
      services: external.services ?? [],
      issuers: external.issuers ?? [],
      clusterIssuers: external.clusterIssuers ?? [],
    },
  };
  return CHECKS.flatMap((check) => check(context));
}
