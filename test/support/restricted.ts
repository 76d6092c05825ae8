import { childPath, PathSegment } from './json-path';
import { JsonObject, obj, objs, str, strs } from './loose';
import { containersOf, ContainerRef, podTemplateOf } from './pod-template';

/**
 * The Kubernetes Pod Security Standard "restricted" profile (which includes
 * "baseline"), latest version, as a pure function over a pod spec, plus our
 * house rule that every container has a read-only root filesystem.
 *
 * Source: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (kubernetes/website content/en/docs/concepts/security/pod-security-standards.md,
 * the v1.34 text: includes the v1.34 "Host Probes / Lifecycle Hooks" control,
 * container_engine_t (1.31) and the 1.29 sysctls). Where the page allows a
 * "known list" (host ports), we apply the built-in admission controller's
 * choice: none. The optional "non-root groups" control is not enforced by
 * Pod Security Admission and is not checked here.
 *
 * Each violation reads `PSS restricted [<control>]: <path> <what>` with the
 * path as the PSS page writes it (`spec.containers[0].securityContext...`);
 * the house rule reads `house rule: ...` so tests can tell them apart.
 */

const BASELINE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', // 1.27
  'net.ipv4.tcp_keepalive_time', // 1.29
  'net.ipv4.tcp_fin_timeout', // 1.29
  'net.ipv4.tcp_keepalive_intvl', // 1.29
  'net.ipv4.tcp_keepalive_probes', // 1.29
]);

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

const ALLOWED_PROFILE_TYPES = ['RuntimeDefault', 'Localhost'];

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function violation(control: string, path: string, detail: string): string {
  return `PSS restricted [${control}]: ${path} ${detail}`;
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function containerPath(c: ContainerRef, ...rest: readonly PathSegment[]): string {
  return childPath(childPath('spec', c.list, c.index), ...rest);
}

function who(c: ContainerRef): string {
  return `(container "${String(c.name)}")`;
}

function securityContextOf(c: ContainerRef): JsonObject {
  return obj(c.container.securityContext);
}

function hostNamespaces(spec: JsonObject): string[] {
  return ['hostNetwork', 'hostPID', 'hostIPC']
    .filter((field) => spec[field] !== undefined && spec[field] !== false)
    .map((field) => violation('Host Namespaces', `spec.${field}`, `must be false or unset, got ${shown(spec[field])}`));
}

function hostProcess(spec: JsonObject, containers: readonly ContainerRef[]): string[] {
  const podValue = obj(obj(spec.securityContext).windowsOptions).hostProcess;
  return [
    ...(podValue === true ? [violation('HostProcess', 'spec.securityContext.windowsOptions.hostProcess', 'must be false or unset, got true')] : []),
    ...containers
      .filter((c) => obj(securityContextOf(c).windowsOptions).hostProcess === true)
      .map((c) => violation('HostProcess', containerPath(c, 'securityContext', 'windowsOptions', 'hostProcess'), `must be false or unset, got true ${who(c)}`)),
  ];
}

function privileged(containers: readonly ContainerRef[]): string[] {
  return containers
    .filter((c) => securityContextOf(c).privileged !== undefined && securityContextOf(c).privileged !== false)
    .map((c) => violation('Privileged Containers', containerPath(c, 'securityContext', 'privileged'),
      `must be false or unset, got ${shown(securityContextOf(c).privileged)} ${who(c)}`));
}

function volumes(spec: JsonObject): string[] {
  return objs(spec.volumes).flatMap((volume, i) => {
    const path = childPath('spec', 'volumes', i);
    if (volume.hostPath !== undefined) {
      return [violation('HostPath Volumes', childPath(path, 'hostPath'), `is forbidden (volume "${String(volume.name)}")`)];
    }
    if (RESTRICTED_VOLUME_TYPES.some((type) => volume[type] !== undefined && volume[type] !== null)) {
      return [];
    }
    const type = Object.keys(volume).find((k) => k !== 'name') ?? 'none';
    return [violation('Volume Types', path, `has type "${type}"; only ${RESTRICTED_VOLUME_TYPES.join(', ')} are allowed (volume "${String(volume.name)}")`)];
  });
}

function hostPorts(containers: readonly ContainerRef[]): string[] {
  return containers.flatMap((c) => objs(c.container.ports).flatMap((port, i) => (port.hostPort !== undefined && port.hostPort !== 0
    ? [violation('Host Ports', containerPath(c, 'ports', i, 'hostPort'), `must be 0 or unset, got ${shown(port.hostPort)} ${who(c)}`)]
    : [])));
}

function hostProbesAndLifecycle(containers: readonly ContainerRef[]): string[] {
  const handlers: Array<[string, string]> = [
    ['livenessProbe', 'httpGet'], ['readinessProbe', 'httpGet'], ['startupProbe', 'httpGet'],
    ['livenessProbe', 'tcpSocket'], ['readinessProbe', 'tcpSocket'], ['startupProbe', 'tcpSocket'],
  ];
  return containers.flatMap((c) => {
    const found: string[] = [];
    for (const [probe, handler] of handlers) {
      const host = obj(obj(c.container[probe])[handler]).host;
      if (host !== undefined && host !== '') {
        found.push(violation('Host Probes / Lifecycle Hooks', containerPath(c, probe, handler, 'host'), `must be unset, got ${shown(host)} ${who(c)}`));
      }
    }
    for (const hook of ['postStart', 'preStop']) {
      for (const handler of ['httpGet', 'tcpSocket']) {
        const host = obj(obj(obj(c.container.lifecycle)[hook])[handler]).host;
        if (host !== undefined && host !== '') {
          found.push(violation('Host Probes / Lifecycle Hooks', containerPath(c, 'lifecycle', hook, handler, 'host'), `must be unset, got ${shown(host)} ${who(c)}`));
        }
      }
    }
    return found;
  });
}

function appArmor(spec: JsonObject, containers: readonly ContainerRef[], annotations: Readonly<Record<string, unknown>>): string[] {
  const check = (profile: unknown, path: string, suffix: string): string[] => {
    const type = obj(profile).type;
    return type === undefined || ALLOWED_PROFILE_TYPES.includes(String(type))
      ? []
      : [violation('AppArmor', `${path}.type`, `must be RuntimeDefault, Localhost or unset, got ${shown(type)}${suffix}`)];
  };
  return [
    ...check(obj(spec.securityContext).appArmorProfile, 'spec.securityContext.appArmorProfile', ''),
    ...containers.flatMap((c) => check(securityContextOf(c).appArmorProfile, containerPath(c, 'securityContext', 'appArmorProfile'), ` ${who(c)}`)),
    ...Object.entries(annotations)
      .filter(([key]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX))
      .filter(([, value]) => value !== 'runtime/default' && !String(value).startsWith('localhost/'))
      .map(([key, value]) => violation('AppArmor', childPath('metadata', 'annotations', key), `must be runtime/default or localhost/*, got ${shown(value)}`)),
  ];
}

function seLinux(spec: JsonObject, containers: readonly ContainerRef[]): string[] {
  const check = (options: unknown, path: string, suffix: string): string[] => {
    const o = obj(options);
    const found: string[] = [];
    if (o.type !== undefined && !SELINUX_TYPES.has(String(o.type))) {
      found.push(violation('SELinux', `${path}.type`, `must be one of ${[...SELINUX_TYPES].filter(Boolean).join(', ')} or unset, got ${shown(o.type)}${suffix}`));
    }
    for (const field of ['user', 'role']) {
      if (o[field] !== undefined && o[field] !== '') {
        found.push(violation('SELinux', `${path}.${field}`, `must be unset, got ${shown(o[field])}${suffix}`));
      }
    }
    return found;
  };
  return [
    ...check(obj(spec.securityContext).seLinuxOptions, 'spec.securityContext.seLinuxOptions', ''),
    ...containers.flatMap((c) => check(securityContextOf(c).seLinuxOptions, containerPath(c, 'securityContext', 'seLinuxOptions'), ` ${who(c)}`)),
  ];
}

function procMount(containers: readonly ContainerRef[]): string[] {
  return containers
    .filter((c) => securityContextOf(c).procMount !== undefined && securityContextOf(c).procMount !== 'Default')
    .map((c) => violation('/proc Mount Type', containerPath(c, 'securityContext', 'procMount'),
      `must be Default or unset, got ${shown(securityContextOf(c).procMount)} ${who(c)}`));
}

function sysctls(spec: JsonObject): string[] {
  return objs(obj(spec.securityContext).sysctls).flatMap((sysctl, i) => (BASELINE_SYSCTLS.has(String(sysctl.name))
    ? []
    : [violation('Sysctls', `spec.securityContext.sysctls[${i}].name`, `${shown(sysctl.name)} is not one of the allowed safe sysctls`)]));
}

function privilegeEscalation(containers: readonly ContainerRef[]): string[] {
  return containers
    .filter((c) => securityContextOf(c).allowPrivilegeEscalation !== false)
    .map((c) => violation('Privilege Escalation', containerPath(c, 'securityContext', 'allowPrivilegeEscalation'),
      `must be false, got ${shown(securityContextOf(c).allowPrivilegeEscalation)} ${who(c)}`));
}

function runAsNonRoot(spec: JsonObject, containers: readonly ContainerRef[]): string[] {
  const podValue = obj(spec.securityContext).runAsNonRoot;
  if (podValue !== undefined && podValue !== true) {
    return [violation('Running as Non-root', 'spec.securityContext.runAsNonRoot', `must be true or unset, got ${shown(podValue)}`)];
  }
  return containers.flatMap((c) => {
    const value = securityContextOf(c).runAsNonRoot;
    // The container may inherit true from the pod, but must not override it to false.
    if (value === true || (value === undefined && podValue === true)) {
      return [];
    }
    return [violation('Running as Non-root', containerPath(c, 'securityContext', 'runAsNonRoot'),
      `must be true (here or at spec.securityContext.runAsNonRoot), got ${shown(value)} ${who(c)}`)];
  });
}

function runAsUser(spec: JsonObject, containers: readonly ContainerRef[]): string[] {
  const podValue = obj(spec.securityContext).runAsUser;
  return [
    ...(podValue === 0 ? [violation('Running as Non-root user', 'spec.securityContext.runAsUser', 'must not be 0')] : []),
    ...containers
      .filter((c) => securityContextOf(c).runAsUser === 0)
      .map((c) => violation('Running as Non-root user', containerPath(c, 'securityContext', 'runAsUser'), `must not be 0 ${who(c)}`)),
  ];
}

function seccomp(spec: JsonObject, containers: readonly ContainerRef[]): string[] {
  const podType = obj(obj(spec.securityContext).seccompProfile).type;
  const podOk = podType !== undefined && ALLOWED_PROFILE_TYPES.includes(String(podType));
  const found = podType !== undefined && !podOk
    ? [violation('Seccomp', 'spec.securityContext.seccompProfile.type', `must be RuntimeDefault or Localhost, got ${shown(podType)}`)]
    : [];
  for (const c of containers) {
    const type = obj(securityContextOf(c).seccompProfile).type;
    if (type === undefined ? !podOk : !ALLOWED_PROFILE_TYPES.includes(String(type))) {
      found.push(violation('Seccomp', containerPath(c, 'securityContext', 'seccompProfile', 'type'),
        `must be RuntimeDefault or Localhost (here or at spec.securityContext.seccompProfile.type), got ${shown(type)} ${who(c)}`));
    }
  }
  return found;
}

function capabilities(containers: readonly ContainerRef[]): string[] {
  return containers.flatMap((c) => {
    const caps = obj(securityContextOf(c).capabilities);
    const found: string[] = [];
    if (!strs(caps.drop).includes('ALL')) {
      found.push(violation('Capabilities', containerPath(c, 'securityContext', 'capabilities', 'drop'), `must include "ALL", got ${shown(caps.drop)} ${who(c)}`));
    }
    const added = strs(caps.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) {
      found.push(violation('Capabilities', containerPath(c, 'securityContext', 'capabilities', 'add'),
        `may only add NET_BIND_SERVICE, got ${JSON.stringify(added)} ${who(c)}`));
    }
    return found;
  });
}

function readOnlyRootFilesystem(containers: readonly ContainerRef[]): string[] {
  return containers
    .filter((c) => securityContextOf(c).readOnlyRootFilesystem !== true)
    .map((c) => `house rule: ${containerPath(c, 'securityContext', 'readOnlyRootFilesystem')} must be true, ` +
      `got ${shown(securityContextOf(c).readOnlyRootFilesystem)} ${who(c)}`);
}

/**
 * Every way a pod spec breaks the restricted Pod Security Standard or the
 * read-only-root house rule; empty when compliant. Pass the pod (template)
 * metadata to also check the AppArmor annotations.
 */
export function restrictedViolations(podSpec: unknown, podMetadata?: unknown): string[] {
  const spec = obj(podSpec);
  const containers = containersOf(spec);
  // Privilege escalation, seccomp and capabilities are Linux-only controls since 1.25.
  const linux = str(obj(spec.os).name) !== 'windows';
  return [
    ...hostProcess(spec, containers),
    ...hostNamespaces(spec),
    ...privileged(containers),
    ...volumes(spec),
    ...hostPorts(containers),
    ...hostProbesAndLifecycle(containers),
    ...appArmor(spec, containers, obj(obj(podMetadata).annotations)),
    ...seLinux(spec, containers),
    ...procMount(containers),
    ...sysctls(spec),
    ...(linux ? privilegeEscalation(containers) : []),
    ...runAsNonRoot(spec, containers),
    ...runAsUser(spec, containers),
    ...(linux ? seccomp(spec, containers) : []),
    ...(linux ? capabilities(containers) : []),
    ...readOnlyRootFilesystem(containers),
  ];
}

/**
 * Every restricted-profile violation of every pod-bearing object in a synthesis, as
 * `<kind> <name>: <violation>`: empty when all pods are compliant.
 */
export function restrictedProblems(objects: readonly unknown[]): string[] {
  return objects.flatMap(o => {
    const template = podTemplateOf(o);
    if (template === undefined) return [];
    const meta = obj(obj(o).metadata);
    return restrictedViolations(template.spec, template.metadata).map(v => `${String(obj(o).kind)} ${String(meta.name)}: ${v}`);
  });
}
