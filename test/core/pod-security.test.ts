import { ConfluentComponent } from '../../src/core/component';
import { CONFLUENT_APP_USER, restrictedContainerSecurityContext, restrictedPodSecurityContext, writableLayoutEnv, writableVolumes } from '../../src/core/pod-security';
import { restrictedViolations } from '../support/restricted';

describe('restricted pod defaults', () => {
  const pod = {
    securityContext: restrictedPodSecurityContext(),
    containers: [{ name: 'kafka', image: 'x:1', securityContext: restrictedContainerSecurityContext() }],
  };

  test('meet the restricted Pod Security Standard and the read-only root house rule', () => {
    expect(restrictedViolations(JSON.parse(JSON.stringify(pod)))).toEqual([]);
  });

  test('run as the images\' appuser (uid 1000) with fsGroup so fresh volumes are writable', () => {
    expect(CONFLUENT_APP_USER).toEqual({ uid: 1000, gid: 1000, fsGroup: 1000 });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch' });
  });

  test('drop every capability and forbid escalation', () => {
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('take a custom user', () => {
    const user = { uid: 1001, gid: 0, fsGroup: 0 };
    expect(restrictedPodSecurityContext(user)).toMatchObject({ runAsUser: 1001, runAsGroup: 0, fsGroup: 0 });
    expect(restrictedContainerSecurityContext(user)).toMatchObject({ runAsUser: 1001, runAsGroup: 0 });
  });
});

describe('writable paths', () => {
  test.each(Object.values(ConfluentComponent))('%s gets a config dir, LOG_DIR and /tmp as size-limited emptyDirs', component => {
    const volumes = writableVolumes(component);
    const names = volumes.map(v => v.volume.name);
    expect(new Set(names).size).toBe(names.length);
    expect(volumes.map(v => v.mount.mountPath)).toEqual(expect.arrayContaining(['/tmp', '/var/log/confluent']));
    for (const v of volumes) {
      expect(v.volume.emptyDir?.sizeLimit).toBeDefined();
      expect(v.mount.name).toBe(v.volume.name);
    }
    expect(writableLayoutEnv(component)).toEqual([{ name: 'LOG_DIR', value: '/var/log/confluent' }]);
  });

  test('kafka renders its properties into /etc/kafka', () => {
    expect(writableVolumes(ConfluentComponent.KAFKA).map(v => v.mount.mountPath)).toContain('/etc/kafka');
  });

  test('the log emptyDir holds a full GC log rotation (10 x 100M)', () => {
    const logs = writableVolumes(ConfluentComponent.KAFKA).find(v => v.volume.name === 'logs')!;
    expect(logs.volume.emptyDir!.sizeLimit!.value).toBe('1536Mi');
  });
});
