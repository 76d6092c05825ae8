import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { kubernetesModelValidator, KubernetesModelClass, registerCrdValidator } from './crd-validators';

/**
 * monitoring.coreos.com/v1 PodMonitor, ServiceMonitor and PrometheusRule, validated by
 * default (schema-validator.ts imports this module) with
 * `@kubernetes-models/prometheus-operator` 4.x, generated from prometheus-operator
 * v0.65.1's CRDs: types, enums and required fields (the models accept unknown fields).
 */
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

const MODELS: Record<string, unknown> = { PodMonitor, ServiceMonitor, PrometheusRule };

for (const [kind, model] of Object.entries(MODELS)) {
  registerCrdValidator(MONITORING_API_VERSION, kind, kubernetesModelValidator(model as KubernetesModelClass, '@kubernetes-models/prometheus-operator'));
}
