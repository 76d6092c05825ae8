import { restrictedPodSpec } from './fixtures';
import { restrictedViolations } from './restricted';

function violationsAfter(change: (spec: any) => void, podMetadata?: unknown): string[] {
  const spec = restrictedPodSpec();
  change(spec);
  return restrictedViolations(spec, podMetadata);
}

describe('restricted Pod Security Standard', () => {
  test('the compliant pod spec has no violations', () => {
    expect(restrictedViolations(restrictedPodSpec())).toEqual([]);
  });

  test.each<[string, (spec: any) => void, string]>([
    ['host network', (s) => { s.hostNetwork = true; }, 'PSS restricted [Host Namespaces]: spec.hostNetwork must be false or unset, got true'],
    ['host PID', (s) => { s.hostPID = true; }, 'PSS restricted [Host Namespaces]: spec.hostPID must be false or unset, got true'],
    ['host IPC', (s) => { s.hostIPC = true; }, 'PSS restricted [Host Namespaces]: spec.hostIPC must be false or unset, got true'],
    ['HostProcess', (s) => { s.securityContext.windowsOptions = { hostProcess: true }; },
      'PSS restricted [HostProcess]: spec.securityContext.windowsOptions.hostProcess must be false or unset, got true'],
    ['privileged', (s) => { s.containers[0].securityContext.privileged = true; },
      'PSS restricted [Privileged Containers]: spec.containers[0].securityContext.privileged must be false or unset, got true (container "kafka")'],
    ['added capability', (s) => { s.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']; },
      'PSS restricted [Capabilities]: spec.containers[0].securityContext.capabilities.add may only add NET_BIND_SERVICE, got ["SYS_ADMIN"] (container "kafka")'],
    ['capabilities not dropped', (s) => { s.containers[0].securityContext.capabilities.drop = ['NET_RAW']; },
      'PSS restricted [Capabilities]: spec.containers[0].securityContext.capabilities.drop must include "ALL", got ["NET_RAW"] (container "kafka")'],
    ['hostPath volume', (s) => { s.volumes[0] = { name: 'tmp', hostPath: { path: '/tmp' } }; },
      'PSS restricted [HostPath Volumes]: spec.volumes[0].hostPath is forbidden (volume "tmp")'],
    ['disallowed volume type', (s) => { s.volumes[0] = { name: 'tmp', nfs: { server: 'nfs', path: '/' } }; },
      'PSS restricted [Volume Types]: spec.volumes[0] has type "nfs"; only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret are allowed (volume "tmp")'],
    ['host port', (s) => { s.containers[0].ports = [{ containerPort: 9092, hostPort: 9092 }]; },
      'PSS restricted [Host Ports]: spec.containers[0].ports[0].hostPort must be 0 or unset, got 9092 (container "kafka")'],
    ['probe host', (s) => { s.containers[0].livenessProbe = { httpGet: { host: '10.0.0.1', port: 8080 } }; },
      'PSS restricted [Host Probes / Lifecycle Hooks]: spec.containers[0].livenessProbe.httpGet.host must be unset, got "10.0.0.1" (container "kafka")'],
    ['lifecycle host', (s) => { s.containers[0].lifecycle = { preStop: { httpGet: { host: 'example.com', port: 80 } } }; },
      'PSS restricted [Host Probes / Lifecycle Hooks]: spec.containers[0].lifecycle.preStop.httpGet.host must be unset, got "example.com" (container "kafka")'],
    ['AppArmor unconfined', (s) => { s.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; },
      'PSS restricted [AppArmor]: spec.containers[0].securityContext.appArmorProfile.type must be RuntimeDefault, Localhost or unset, got "Unconfined" (container "kafka")'],
    ['SELinux type', (s) => { s.securityContext.seLinuxOptions = { type: 'spc_t' }; },
      'PSS restricted [SELinux]: spec.securityContext.seLinuxOptions.type must be one of container_t, container_init_t, container_kvm_t, container_engine_t or unset, got "spc_t"'],
    ['SELinux user', (s) => { s.containers[0].securityContext.seLinuxOptions = { user: 'system_u' }; },
      'PSS restricted [SELinux]: spec.containers[0].securityContext.seLinuxOptions.user must be unset, got "system_u" (container "kafka")'],
    ['/proc mount', (s) => { s.containers[0].securityContext.procMount = 'Unmasked'; },
      'PSS restricted [/proc Mount Type]: spec.containers[0].securityContext.procMount must be Default or unset, got "Unmasked" (container "kafka")'],
    ['unsafe sysctl', (s) => { s.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]; },
      'PSS restricted [Sysctls]: spec.securityContext.sysctls[0].name "net.core.somaxconn" is not one of the allowed safe sysctls'],
    ['privilege escalation allowed', (s) => { s.containers[0].securityContext.allowPrivilegeEscalation = true; },
      'PSS restricted [Privilege Escalation]: spec.containers[0].securityContext.allowPrivilegeEscalation must be false, got true (container "kafka")'],
    ['privilege escalation unset', (s) => { delete s.containers[0].securityContext.allowPrivilegeEscalation; },
      'PSS restricted [Privilege Escalation]: spec.containers[0].securityContext.allowPrivilegeEscalation must be false, got unset (container "kafka")'],
    ['runAsNonRoot missing everywhere', (s) => { delete s.securityContext.runAsNonRoot; },
      'PSS restricted [Running as Non-root]: spec.containers[0].securityContext.runAsNonRoot must be true (here or at spec.securityContext.runAsNonRoot), got unset (container "kafka")'],
    ['runAsNonRoot overridden to false', (s) => { s.containers[0].securityContext.runAsNonRoot = false; },
      'PSS restricted [Running as Non-root]: spec.containers[0].securityContext.runAsNonRoot must be true (here or at spec.securityContext.runAsNonRoot), got false (container "kafka")'],
    ['runAsUser 0', (s) => { s.containers[0].securityContext.runAsUser = 0; },
      'PSS restricted [Running as Non-root user]: spec.containers[0].securityContext.runAsUser must not be 0 (container "kafka")'],
    ['seccomp missing', (s) => { delete s.securityContext.seccompProfile; },
      'PSS restricted [Seccomp]: spec.containers[0].securityContext.seccompProfile.type must be RuntimeDefault or Localhost (here or at spec.securityContext.seccompProfile.type), got unset (container "kafka")'],
    ['seccomp unconfined in a container', (s) => { s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; },
      'PSS restricted [Seccomp]: spec.containers[0].securityContext.seccompProfile.type must be RuntimeDefault or Localhost (here or at spec.securityContext.seccompProfile.type), got "Unconfined" (container "kafka")'],
    ['read-only root filesystem (house rule)', (s) => { s.containers[0].securityContext.readOnlyRootFilesystem = false; },
      'house rule: spec.containers[0].securityContext.readOnlyRootFilesystem must be true, got false (container "kafka")'],
  ])('%s', (_name, change, expected) => {
    expect(violationsAfter(change)).toEqual([expected]);
  });

  test('AppArmor annotations on the pod metadata', () => {
    const annotations = { 'container.apparmor.security.beta.kubernetes.io/kafka': 'unconfined' };
    expect(violationsAfter(() => undefined, { annotations })).toEqual([
      'PSS restricted [AppArmor]: metadata.annotations["container.apparmor.security.beta.kubernetes.io/kafka"] must be runtime/default or localhost/*, got "unconfined"',
    ]);
    expect(violationsAfter(() => undefined, { annotations: { 'container.apparmor.security.beta.kubernetes.io/kafka': 'localhost/k' } })).toEqual([]);
  });

  test('seccomp and runAsNonRoot may be set per container instead of on the pod', () => {
    expect(violationsAfter((s) => {
      delete s.securityContext.seccompProfile;
      delete s.securityContext.runAsNonRoot;
      Object.assign(s.containers[0].securityContext, { seccompProfile: { type: 'Localhost', localhostProfile: 'kafka.json' }, runAsNonRoot: true });
    })).toEqual([]);
  });

  test('init and ephemeral containers are checked too', () => {
    const violations = violationsAfter((s) => { s.initContainers = [{ name: 'init', image: 'busybox' }]; });
    expect(violations).toEqual(expect.arrayContaining([
      expect.stringMatching(/^PSS restricted \[Privilege Escalation\]: spec\.initContainers\[0\]/),
      expect.stringMatching(/^PSS restricted \[Capabilities\]: spec\.initContainers\[0\]/),
      expect.stringMatching(/^house rule: spec\.initContainers\[0\]/),
    ]));
  });

  test('Windows pods are exempt from the Linux-only controls', () => {
    const violations = violationsAfter((s) => {
      s.os = { name: 'windows' };
      s.containers[0].securityContext = { readOnlyRootFilesystem: true };
    });
    expect(violations).toEqual([]);
  });
});
