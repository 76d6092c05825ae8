import { childPath } from '../json-path';
import { Located } from '../k8s-object';
import { num, obj, objs, str } from '../loose';
import { dns1123LabelErrors, ianaSvcNameErrors } from '../names';
import { containersOf } from '../pod-template';
import { Problem } from '../problem';
import { Check, CheckContext, problem } from './context';
import { templatesSelectedByService } from './selector-targets';

/**
 * Service port rules from validateServicePort/ValidateService, and the
 * resolution of named target ports against the pods the Service selects.
 *
 * Note: Service port *names* are DNS-1123 labels (up to 63 characters); only
 * container port names and string `targetPort`s are IANA_SVC_NAMEs (15).
 */

function portProblems(service: Located): Problem[] {
  const ports = objs(obj(service.object.spec).ports);
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const portProtocols = new Map<string, number>();
  ports.forEach((port, i) => {
    const path = childPath('spec', 'ports', i);
    const name = str(port.name);
    if (ports.length > 1 && (name === undefined || name === '')) {
      problems.push(problem(service, childPath(path, 'name'), 'required when a Service has more than one port'));
    } else if (name !== undefined && name !== '') {
      problems.push(...dns1123LabelErrors(name).map((e) => problem(service, childPath(path, 'name'), `invalid Service port name "${name}": ${e}`)));
      if (names.has(name)) {
        problems.push(problem(service, childPath(path, 'name'), `duplicate Service port name "${name}" (also spec.ports[${String(names.get(name))}])`));
      }
      names.set(name, i);
    }
    const number = num(port.port);
    if (number !== undefined && !(Number.isInteger(number) && number >= 1 && number <= 65535)) {
      problems.push(problem(service, childPath(path, 'port'), `must be between 1 and 65535, got ${number}`));
    }
    const key = `${String(port.port)}/${str(port.protocol) ?? 'TCP'}`;
    if (portProtocols.has(key)) {
      problems.push(problem(service, childPath(path, 'port'), `duplicate port ${key} (also spec.ports[${String(portProtocols.get(key))}])`));
    }
    portProtocols.set(key, i);
    const target = port.targetPort;
    if (typeof target === 'string') {
      problems.push(...ianaSvcNameErrors(target).map((e) => problem(service, childPath(path, 'targetPort'), `invalid named targetPort "${target}": ${e}`)));
    } else if (typeof target === 'number' && !(Number.isInteger(target) && target >= 1 && target <= 65535)) {
      problems.push(problem(service, childPath(path, 'targetPort'), `must be between 1 and 65535, got ${target}`));
    }
  });
  return problems;
}

/** A named targetPort must exist as a container port name in every pod the Service selects, or those pods get no endpoint. */
function namedTargetPortProblems(context: CheckContext, service: Located): Problem[] {
  const selected = templatesSelectedByService(context, service) ?? [];
  const problems: Problem[] = [];
  objs(obj(service.object.spec).ports).forEach((port, i) => {
    const target = port.targetPort;
    if (typeof target !== 'string') {
      return;
    }
    for (const { owner, template } of selected) {
      const declared = containersOf(template.spec)
        // Sidecars (restartable init containers) can serve a Service too.
        .filter((c) => c.list === 'containers' || (c.list === 'initContainers' && c.container.restartPolicy === 'Always'))
        .flatMap((c) => objs(c.container.ports).map((p) => str(p.name)))
        .filter((n): n is string => n !== undefined);
      if (!declared.includes(target)) {
        problems.push(problem(service, childPath('spec', 'ports', i, 'targetPort'),
          `named targetPort "${target}" is not a container port name in ${owner.id.kind}/${owner.id.name} (has: ${declared.join(', ') || 'none'})`));
      }
    }
  });
  return problems;
}

export const checkServices: Check = (context) => context.objects
  .filter((o) => o.id.group === '' && o.id.kind === 'Service')
  .flatMap((service) => [...portProblems(service), ...namedTargetPortProblems(context, service)]);
