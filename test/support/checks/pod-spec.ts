import { childPath } from '../json-path';
import { JsonObject, num, obj, objs, str } from '../loose';
import { dns1123LabelErrors, ianaSvcNameErrors } from '../names';
import { containersOf, ContainerRef } from '../pod-template';
import { Issue } from '../problem';
import { Check, podTemplates, problemsFrom } from './context';

/**
 * Pod spec rules from ValidatePodSpec (container, port and volume names,
 * uniqueness, mounts) and the pod warnings the API server returns for
 * ambiguous port names, plus two bugs no server catches: a volume no
 * container mounts and a probe on a port name the container does not have.
 */

function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function containerNameIssues(containers: readonly ContainerRef[], specPath: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  for (const c of containers) {
    const path = childPath(childPath(specPath, c.list, c.index), 'name');
    if (c.name === undefined) {
      continue; // Missing name: reported by the schema (required field).
    }
    issues.push(...dns1123LabelErrors(c.name).map((e) => ({ path, message: `invalid container name "${c.name}": ${e}` })));
    const first = seen.get(c.name);
    if (first !== undefined) {
      issues.push({ path, message: `duplicate container name "${c.name}" (also ${first}); names must be unique across initContainers, containers and ephemeralContainers` });
    } else {
      seen.set(c.name, childPath(specPath, c.list, c.index));
    }
  }
  return issues;
}

function portIssues(containers: readonly ContainerRef[], specPath: string): Issue[] {
  const issues: Issue[] = [];
  const podWide = new Map<string, string>();
  for (const c of containers) {
    const inContainer = new Set<string>();
    objs(c.container.ports).forEach((port, i) => {
      const portPath = childPath(specPath, c.list, c.index, 'ports', i);
      const containerPort = num(port.containerPort);
      if (containerPort !== undefined && !isValidPort(containerPort)) {
        issues.push({ path: childPath(portPath, 'containerPort'), message: `must be between 1 and 65535, got ${containerPort}` });
      }
      const hostPort = num(port.hostPort);
      if (hostPort !== undefined && hostPort !== 0 && !isValidPort(hostPort)) {
        issues.push({ path: childPath(portPath, 'hostPort'), message: `must be between 1 and 65535, got ${hostPort}` });
      }
      const name = str(port.name);
      if (name === undefined || name === '') {
        return;
      }
      const namePath = childPath(portPath, 'name');
      issues.push(...ianaSvcNameErrors(name).map((e) => ({ path: namePath, message: `invalid port name "${name}": ${e}` })));
      if (inContainer.has(name)) {
        issues.push({ path: namePath, message: `duplicate port name "${name}" in container "${String(c.name)}"` });
      } else if (podWide.has(name)) {
        // The API server only warns here, but Services and probes then silently use the first one.
        issues.push({ path: namePath, message: `duplicate port name "${name}" with ${String(podWide.get(name))}; Services and probes selecting it by name will use that one` });
      }
      inContainer.add(name);
      if (!podWide.has(name)) {
        podWide.set(name, portPath);
      }
    });
  }
  return issues;
}

/** Volume names declared by the pod, plus claim templates a StatefulSet turns into volumes. */
function volumeIssues(spec: JsonObject, specPath: string, claimTemplates: readonly string[], containers: readonly ContainerRef[]): Issue[] {
  const issues: Issue[] = [];
  const volumes = new Map<string, number>();
  objs(spec.volumes).forEach((volume, i) => {
    const name = str(volume.name);
    const path = childPath(specPath, 'volumes', i, 'name');
    if (name === undefined) {
      return;
    }
    issues.push(...dns1123LabelErrors(name).map((e) => ({ path, message: `invalid volume name "${name}": ${e}` })));
    if (volumes.has(name) || claimTemplates.includes(name)) {
      issues.push({ path, message: `duplicate volume name "${name}"${claimTemplates.includes(name) ? ' (also a volumeClaimTemplates entry)' : ''}` });
    }
    volumes.set(name, i);
  });

  const used = new Set<string>();
  for (const c of containers) {
    const mountPaths = new Set<string>();
    objs(c.container.volumeMounts).forEach((mount, i) => {
      const mountPath = childPath(specPath, c.list, c.index, 'volumeMounts', i);
      const name = str(mount.name) ?? '';
      used.add(name);
      if (!volumes.has(name) && !claimTemplates.includes(name)) {
        const declared = [...volumes.keys(), ...claimTemplates];
        issues.push({
          path: childPath(mountPath, 'name'),
          message: `volumeMount "${name}" in container "${String(c.name)}" refers to no volume` +
            `${claimTemplates.length > 0 ? ' or volumeClaimTemplate' : ''} (declared: ${declared.length === 0 ? 'none' : declared.join(', ')})`,
        });
      }
      const target = str(mount.mountPath);
      if (target !== undefined && mountPaths.has(target)) {
        issues.push({ path: childPath(mountPath, 'mountPath'), message: `mountPath "${target}" is mounted twice in container "${String(c.name)}"` });
      }
      if (target !== undefined) {
        mountPaths.add(target);
      }
    });
    objs(c.container.volumeDevices).forEach((device) => used.add(str(device.name) ?? ''));
  }

  for (const [name, i] of volumes) {
    if (!used.has(name)) {
      issues.push({ path: childPath(specPath, 'volumes', i), message: `volume "${name}" is not mounted by any container` });
    }
  }
  return issues;
}

/** httpGet/tcpSocket probes by port name must name a port of the same container, or the kubelet fails them. */
function probePortIssues(containers: readonly ContainerRef[], specPath: string): Issue[] {
  const issues: Issue[] = [];
  for (const c of containers) {
    const names = new Set(objs(c.container.ports).map((p) => str(p.name)).filter((n): n is string => n !== undefined));
    for (const probeKind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = obj(c.container[probeKind]);
      for (const handler of ['httpGet', 'tcpSocket']) {
        const port = obj(probe[handler]).port;
        if (typeof port === 'string' && !names.has(port)) {
          issues.push({
            path: childPath(specPath, c.list, c.index, probeKind, handler, 'port'),
            message: `probe uses port name "${port}", which container "${String(c.name)}" does not declare (ports: ${[...names].join(', ') || 'none'})`,
          });
        }
      }
    }
  }
  return issues;
}

function claimTemplateNames(owner: JsonObject): string[] {
  return owner.kind === 'StatefulSet'
    ? objs(obj(owner.spec).volumeClaimTemplates).map((t) => str(obj(t.metadata).name)).filter((n): n is string => n !== undefined)
    : [];
}

export const checkPodSpecs: Check = (context) => podTemplates(context).flatMap(({ owner, template }) => {
  const containers = containersOf(template.spec);
  return problemsFrom(owner, [
    ...containerNameIssues(containers, template.specPath),
    ...portIssues(containers, template.specPath),
    ...volumeIssues(template.spec, template.specPath, claimTemplateNames(owner.object), containers),
    ...probePortIssues(containers, template.specPath),
  ]);
});
