import * as fs from 'fs';
import * as path from 'path';
import { Acl, AclOperation, AclPatternType } from '../../../src';
import { renderAccessScript } from '../../../src/kafka/security/access-scripts';
import { run, sandbox, tool } from '../../support/script-sandbox';

// The helper Jobs' scripts, run for real (POSIX sh for the curl image, bash for the
// Kafka image) against fake curl and Kafka tools on PATH that record what they were
// asked to do. Each runs as its container would: its command, with the environment the
// render function gives it; fixed paths (the ServiceAccount mount, /tmp) are pointed
// into the sandbox.

describe('access script', () => {
  interface AccessRun {
    code: number;
    out: string;
    calls: string[];
    leftover: boolean;
    /** What the step noted for the record, by kind. */
    added: Record<string, string[]>;
    removed: Record<string, string[]>;
  }
  /** The ownership record handed to the step, what Kafka describes per entity, and the prune options. */
  interface Removal {
    owned?: Partial<Record<'users' | 'acls' | 'quotas', string[]>>;
    /** kafka-configs --describe output by user ("default" for --entity-default). */
    described?: Record<string, string>;
    prune?: { users: boolean; acls: boolean; quotas: boolean };
    acls?: Array<{ user: string; acl: Acl }>;
    /** Users whose describe fails (the tool exits 1). */
    failDescribe?: string[];
  }
  const ACLS = [
    { user: 'schemas', acl: Acl.topic('_schemas', [AclOperation.READ, AclOperation.WRITE]) },
    { user: 'schemas', acl: Acl.group('schema-registry', [AclOperation.READ], AclPatternType.PREFIXED) },
    { user: 'ksql', acl: Acl.cluster([AclOperation.DESCRIBE_CONFIGS]) },
  ];
  function access(passwords: Record<string, string>, quotas: Array<{ user: string; config: string }> = [], removal: Removal = {}): AccessRun {
    const box = sandbox();
    const recordDir = path.join(box.dir, 'record');
    fs.mkdirSync(recordDir);
    for (const [kind, items] of Object.entries(removal.owned ?? {})) fs.writeFileSync(path.join(recordDir, `owned-${kind}`), items.map(i => `${i}\n`).join(''));
    for (const [entity, text] of Object.entries(removal.described ?? {})) fs.writeFileSync(path.join(box.dir, `describe-${entity}`), text);
    for (const entity of removal.failDescribe ?? []) fs.writeFileSync(path.join(box.dir, `fail-${entity}`), '');
    tool(box, 'kafka-acls', `echo "kafka-acls $*" >> ${box.log}`);
    // The fake kafka-configs records its arguments and the credential file it was given.
    // The fake kafka-configs records its arguments and the credential file it was given;
    // --describe prints the entity's describe-<user> file.
    tool(box, 'kafka-configs', [
      'case "$*" in *--describe*) e=default; prev=""; for a in "$@"; do [ "$prev" = --entity-name ] && e="$a"; prev="$a"; done;'
        + ` [ -f ${box.dir}/fail-$e ] && { echo "Error: timed out" >&2; exit 1; }; cat ${box.dir}/describe-$e 2>/dev/null; exit 0 ;; esac`,
      `echo "kafka-configs $*" >> ${box.log}; for a in "$@"; do case "$a" in *scram.properties) [ -f "$a" ] && cat "$a" >> ${box.log} ;; esac; done`,
    ].join('\n'));
    tool(box, 'sleep', 'true');
    const users = Object.entries(passwords).map(([user, pw]) => {
      const file = path.join(box.dir, `${user}.password`);
      fs.writeFileSync(file, pw);
      return { user, passwordFile: file };
    });
    const script = renderAccessScript({
      bootstrap: 'b-0:9091,b-1:9091',
      clientConfigFile: path.join(box.dir, 'client.properties'),
      mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'],
      users,
      acls: removal.acls ?? ACLS,
      workDir: box.dir,
      quotas,
      prune: removal.prune ?? { users: false, acls: false, quotas: false },
      recordDir,
    });
    expect(script.command[0]).toBe('/bin/bash');
    const r = run(script, box, text => text.replace(/\/tmp\/error/g, `${box.dir}/error`));
    const calls = fs.existsSync(box.log) ? fs.readFileSync(box.log, 'utf8').trim().split('\n') : [];
    const leftover = fs.existsSync(path.join(box.dir, 'scram.properties'));
    const noted = (prefix: string) => Object.fromEntries(['users', 'acls', 'quotas'].map(k => {
      const f = path.join(recordDir, `${prefix}-${k}`);
      return [k, fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(l => l !== '') : []];
    }));
    // The step ends with 0 so the record's write step runs; that step hands on this status.
    expect(r.code).toBe(0);
    const code = Number(fs.readFileSync(path.join(recordDir, 'status'), 'utf8'));
    const added = noted('added');
    const removed = noted('removed');
    fs.rmSync(box.dir, { recursive: true, force: true });
    return { ...r, code, calls, leftover, added, removed };
  }

  test('registers every user for every mechanism, adds every ACL', () => {
    const r = access({ admin: 'Adm1n-pw', schemas: 'abcDEF123' });
    expect(r.code).toBe(0);
    const config = expect.stringMatching(/--command-config \S+client\.properties/);
    expect(r.calls).toEqual([
      expect.stringMatching(/--alter --entity-type users --entity-name admin --add-config-file \S+scram\.properties$/),
      'SCRAM-SHA-256=iterations=8192,password=Adm1n-pw',
      'SCRAM-SHA-512=iterations=8192,password=Adm1n-pw',
      expect.stringMatching(/--entity-name schemas --add-config-file /),
      'SCRAM-SHA-256=iterations=8192,password=abcDEF123',
      'SCRAM-SHA-512=iterations=8192,password=abcDEF123',
      'kafka-acls --bootstrap-server b-0:9091,b-1:9091 --command-config ' + r.calls[6].split('--command-config ')[1].split(' ')[0]
        + ' --add --allow-principal User:schemas --topic _schemas --resource-pattern-type literal --operation Read --operation Write',
      expect.stringContaining('--allow-principal User:schemas --group schema-registry --resource-pattern-type prefixed --operation Read'),
      expect.stringContaining('--allow-principal User:ksql --cluster --resource-pattern-type literal --operation DescribeConfigs'),
    ]);
    expect(r.calls[0]).toEqual(config);
    // No password on any command line; no credential file left behind.
    expect(r.calls.filter(c => c.startsWith('kafka-')).join('\n')).not.toContain('password=');
    expect(r.leftover).toBe(false);
    expect(r.out).toContain('access applied: 2 user(s), 3 ACL(s), 0 quota set(s), 0 removed, 0 not readable');
    // Everything it applied is noted for the ownership record, an ACL per operation.
    expect(r.added).toEqual({
      users: ['admin', 'schemas'],
      acls: [
        'schemas --topic _schemas --resource-pattern-type literal --operation Read',
        'schemas --topic _schemas --resource-pattern-type literal --operation Write',
        'schemas --group schema-registry --resource-pattern-type prefixed --operation Read',
        'ksql --cluster --resource-pattern-type literal --operation DescribeConfigs',
      ],
      quotas: [],
    });
  });

  test('sets each user\'s quotas and the default user quota (kafka-configs --add-config, idempotent)', () => {
    const r = access({}, [
      { user: '*', config: 'consumer_byte_rate=10485760,producer_byte_rate=10485760' },
      { user: 'orders', config: 'request_percentage=200' },
    ]);
    expect(r.code).toBe(0);
    const quotaCalls = r.calls.filter(c => c.includes('--entity-type users'));
    expect(quotaCalls).toEqual([
      expect.stringMatching(/--alter --entity-type users --entity-default --add-config consumer_byte_rate=10485760,producer_byte_rate=10485760$/),
      expect.stringMatching(/--alter --entity-type users --entity-name orders --add-config request_percentage=200$/),
    ]);
    expect(r.out).toContain('set the quotas of every user without its own: consumer_byte_rate=10485760,producer_byte_rate=10485760');
    expect(r.out).toContain('access applied: 0 user(s), 3 ACL(s), 2 quota set(s), 0 removed, 0 not readable');
    expect(r.added.quotas).toEqual(['* consumer_byte_rate', '* producer_byte_rate', 'orders request_percentage']);
  });

  test.each([['a comma', 'pass,word'], ['brackets', 'pa]ss'], ['an equals sign', 'pass=word'], ['nothing', '']])(
    'refuses a password with %s (Kafka\'s config syntax cannot carry it)', (_, pw) => {
      const r = access({ admin: pw });
      expect(r.code).toBe(1);
      expect(r.out).toContain('the password of admin');
      expect(r.calls.filter(c => c.startsWith('kafka-configs'))).toEqual([]);
    });

  describe('removal', () => {
    const owned = {
      users: ['admin', 'gone'],
      acls: ['schemas --topic _schemas --resource-pattern-type literal --operation Read', 'gone --topic orders --resource-pattern-type literal --operation Read'],
      quotas: ['orders request_percentage', 'orders producer_byte_rate', '* consumer_byte_rate'],
    };
    const described = {
      gone: "SCRAM credential configs for user-principal 'gone' are SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=8192\n",
      orders: "Quota configs for user-principal 'orders' are producer_byte_rate=1048576.0, request_percentage=200.0\n",
      default: 'Quota configs for the default user-principal are consumer_byte_rate=1.048576E7\n',
    };
    const quotas = [{ user: 'orders', config: 'request_percentage=200' }];
    const changing = (r: AccessRun) => r.calls.filter(c => /--remove|--delete-config/.test(c));

    test('by default nothing is removed; each recorded item no longer declared gets a line that it is kept', () => {
      const r = access({ admin: 'Adm1n-pw' }, quotas, { owned, described });
      expect(r.code).toBe(0);
      expect(changing(r)).toEqual([]);
      expect(r.out).toContain('kept SCRAM user gone: made by this library and no longer declared; prune.users is off');
      expect(r.out).toContain('kept ACL gone --topic orders --resource-pattern-type literal --operation Read: made by this library and no longer declared; prune.acls is off');
      expect(r.out).toContain('kept quota producer_byte_rate of orders: made by this library and no longer declared; prune.quotas is off');
      expect(r.out).toContain('kept quota consumer_byte_rate of the default user');
      expect(r.removed).toEqual({ users: [], acls: [], quotas: [] });
    });

    test('with prune, it deletes what it made and the program no longer declares: the credentials Kafka has, the ACL, the quota keys set', () => {
      const r = access({ admin: 'Adm1n-pw' }, quotas, { owned, described, prune: { users: true, acls: true, quotas: true } });
      expect(r.code).toBe(0);
      expect(changing(r)).toEqual([
        expect.stringMatching(/--alter --entity-type users --entity-name gone --delete-config SCRAM-SHA-256,SCRAM-SHA-512$/),
        expect.stringMatching(/kafka-acls .* --remove --force --allow-principal User:gone --topic orders --resource-pattern-type literal --operation Read$/),
        expect.stringMatching(/--alter --entity-type users --entity-name orders --delete-config producer_byte_rate$/),
        expect.stringMatching(/--alter --entity-type users --entity-default --delete-config consumer_byte_rate$/),
      ]);
      expect(r.removed).toEqual({
        users: ['gone'],
        acls: ['gone --topic orders --resource-pattern-type literal --operation Read'],
        quotas: ['orders producer_byte_rate', '* consumer_byte_rate'],
      });
      expect(r.out).toContain('access applied: 1 user(s), 3 ACL(s), 1 quota set(s), 4 removed, 0 not readable');
    });

    test('each kind on its own: prune.acls removes ACLs only', () => {
      const r = access({ admin: 'Adm1n-pw' }, quotas, { owned, described, prune: { users: false, acls: true, quotas: false } });
      expect(changing(r)).toEqual([expect.stringContaining('--remove --force --allow-principal User:gone')]);
    });

    test('what Kafka no longer has is not deleted again (kafka-configs refuses that), only dropped from the record', () => {
      const r = access({ admin: 'Adm1n-pw' }, quotas, {
        owned: { users: ['gone'], quotas: ['orders producer_byte_rate'] },
        described: { orders: "Quota configs for user-principal 'orders' are request_percentage=200.0\n" },
        prune: { users: true, acls: true, quotas: true },
      });
      expect(r.code).toBe(0);
      expect(changing(r)).toEqual([]);
      expect(r.removed).toEqual({ users: ['gone'], acls: [], quotas: ['orders producer_byte_rate'] });
    });

    test('an operation no longer declared goes; the same resource\'s operations still declared stay', () => {
      const r = access({}, [], {
        owned: { acls: ['app --topic orders --resource-pattern-type literal --operation Describe', 'app --topic orders --resource-pattern-type literal --operation Read'] },
        acls: [{ user: 'app', acl: Acl.topic('orders', [AclOperation.READ]) }],
        prune: { users: true, acls: true, quotas: true },
      });
      expect(changing(r)).toEqual([expect.stringMatching(/--remove --force --allow-principal User:app --topic orders --resource-pattern-type literal --operation Describe$/)]);
      expect(r.removed.acls).toEqual(['app --topic orders --resource-pattern-type literal --operation Describe']);
    });

    test('two declared ACLs on one resource: an operation either declares is kept', () => {
      const r = access({}, [], {
        owned: { acls: ['app --topic orders --resource-pattern-type literal --operation Read', 'app --topic orders --resource-pattern-type literal --operation Write'] },
        acls: [{ user: 'app', acl: Acl.topic('orders', [AclOperation.READ]) }, { user: 'app', acl: Acl.topic('orders', [AclOperation.WRITE, AclOperation.READ]) }],
        prune: { users: true, acls: true, quotas: true },
      });
      expect(changing(r)).toEqual([]);
    });

    test('a describe that fails is a failure, never "gone": the item stays in the record, the Job fails and retries', () => {
      const r = access({}, [], {
        owned: { users: ['gone'], quotas: ['orders producer_byte_rate'] },
        described: { gone: "Error retrieving SCRAM credential configs for user-principal 'gone': TimeoutException: timed out\n" },
        failDescribe: ['orders'],
        prune: { users: true, acls: true, quotas: true },
      });
      expect(r.code).not.toBe(0);
      expect(changing(r)).toEqual([]);
      expect(r.removed).toEqual({ users: [], acls: [], quotas: [] });
      expect(r.out).toContain('could not read the SCRAM credentials of gone; kept in the record, the Job retries');
      expect(r.out).toContain('could not read the quotas of orders; kept in the record, the Job retries');
      expect(r.out).toContain('2 not readable');
    });

    test('a user without credentials (kafka-configs lists no SCRAM line for it) is gone: dropped from the record', () => {
      const r = access({}, [], {
        owned: { users: ['gone'] },
        described: { gone: '' },
        prune: { users: true, acls: true, quotas: true },
      });
      expect([r.code, changing(r), r.removed.users]).toEqual([0, [], ['gone']]);
    });

    test('a key whose name ends another key\'s is told apart', () => {
      const r = access({}, [], {
        owned: { quotas: ['orders consumer_byte_rate'] },
        described: { orders: "Quota configs for user-principal 'orders' are xconsumer_byte_rate=1.0\n" },
        prune: { users: true, acls: true, quotas: true },
      });
      expect(changing(r)).toEqual([]);
    });
  });
});
