import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-kafka',
  description: 'Typed cdk8s constructs that synthesize production-grade Apache Kafka and Confluent Platform manifests, with no runtime controller.',
  author: 'cdk8s-kafka maintainers',
  authorAddress: 'maintainers@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-kafka/cdk8s-kafka.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // The project type's default cdk8s is a 1.x release, which cannot resolve with
  // constructs 10; 2.70.x is the current cdk8s 2 line.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',

  // TypeScript 7 breaks ts-node (so .projenrc.ts could not run): keep jsii and
  // TypeScript on the same 5.9 line.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // The change-safety plan: `npx cdk8s-kafka plan <before> <after>` in a CI gate.
  bin: { 'cdk8s-kafka': 'lib/plan/cli.js' },
  // The plan parses the synth output. cdk8s's own Yaml.load runs a child process per
  // file (about 160 ms each); the yaml package (what cdk8s itself writes YAML with) parses
  // in-process. Bundled, as jsii needs for a runtime dependency that is not a jsii module.
  bundledDeps: ['yaml@^2.6.0'],

  // jsii targets: the same constructs from Python, Java, Go and .NET. The names are the
  // ones the packages would be published under; .ci/run generates each target's code
  // (jsii-pacmak --code-only), which needs no toolchain of those languages.
  publishToPypi: { distName: 'cdk8s-kafka', module: 'cdk8s_kafka' },
  publishToMaven: { javaPackage: 'io.github.cdk8s_kafka', mavenGroupId: 'io.github.cdk8s-kafka', mavenArtifactId: 'cdk8s-kafka' },
  publishToGo: { moduleName: 'github.com/cdk8s-kafka/cdk8s-kafka-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sKafka', packageId: 'Cdk8sKafka' },
  devDeps: [
    'typescript@~5.9.0',
    '@types/node@^20',
    // Field-made Kubernetes models; 5.x needs Node 22, 4.x runs on Node 20.
    'kubernetes-models@^4.5.1',
    // cert-manager.io/v1 models for the harness; 4.x pairs with kubernetes-models 4.x (5.x/6.x do not).
    '@kubernetes-models/cert-manager@^4.4.4',
    // monitoring.coreos.com/v1 models (PodMonitor, ServiceMonitor, PrometheusRule) for the
    // harness; 4.x pairs with kubernetes-models 4.x on Node 20 (5.x/6.x need Node 22).
    '@kubernetes-models/prometheus-operator@4.4.4',
    // Prometheus's own PromQL grammar (what its UI parses with), so tests can check that
    // every alert and dashboard query parses and read the metric names it uses.
    '@prometheus-io/lezer-promql@^0.315.0',
    '@lezer/lr@^1.2.3',
    '@lezer/highlight@^1.1.2',
    // The JSON-schema validator the field uses, for strict (unknown-field) checks.
    'ajv@^8.17.0',
    // Property-based tests and bad-input fuzzing (generators, shrinking, seeds).
    'fast-check@^4.10.0',
    // Real X.509 certificates in the node-identity test: node:crypto parses and verifies
    // certificates but cannot sign one; forge builds them with any subject.
    'node-forge@^1.3.1',
    '@types/node-forge@^1.3.11',
  ],

  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,
  jestOptions: {
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Coverage instrumentation triples the suite's time on the 2-core machines (80 s
      // against 27 s); run `npx jest --coverage` when you want the report.
      collectCoverage: false,
      // Jest's default is one worker fewer than the cores: one on the 2-core machines.
      // The script tests spend most of their time waiting on the scripts they run
      // (pre-stop bounds, the roll simulation, probe read timeouts), so more workers
      // than cores keep both busy: npm test (with eslint beside jest) took 113-118 s
      // with two workers and 82-96 s with three on the 2-core machine.
      maxWorkers: 3,
      // Longest files first, also on a fresh clone without jest's cached durations
      // (test/support/test-sequencer.js).
      testSequencer: '<rootDir>/test/support/test-sequencer.js',
    },
  },
});

// jsii prints a banner about Node 20's end of life on every run; the machines and CI
// run Node 20, so the banner is noise.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');
// Warnings are recorded on the construct tree and asserted in tests; printing them
// to stderr from every test would bury the test output.
project.testTask.env('CDK8S_KAFKA_SILENCE_WARNINGS', '1');
// Jest and eslint side by side (scripts/test-and-lint.sh): eslint alone after jest was
// about 20 s of one busy core.
project.testTask.reset('bash scripts/test-and-lint.sh', { receiveArgs: true });

// jsii emits only .js and .d.ts: the shell scripts the modules inline at synth
// (src/core/script-file.ts reads them next to the compiled module) are copied to lib/,
// keeping their paths, so they ship in the package (ones deleted from src are removed
// from lib first). A step of compile itself, not of
// post-compile: `projen compile` and the benchmark (which spawns compile) run only this
// task, and both need them.
project.compileTask.exec('find lib -name \'*.sh\' -delete 2>/dev/null || true');
project.compileTask.exec(
  'find src -name \'*.sh\' -exec sh -c \'for f; do d="lib/${f#src/}"; mkdir -p "${d%/*}" && cp "$f" "$d"; done\' sh {} +',
);

// The example synthesizer and the config-key importer are project code too.
project.eslint?.addLintPattern('scripts');
project.eslint?.allowDevDeps('scripts/**');

// The main job: synthesize every example to dist/examples/ and validate it with the
// same harness the tests use.
project.addTask('examples', {
  description: 'Synthesize every example into dist/examples/ and validate the manifests',
  exec: 'ts-node --project scripts/tsconfig.json scripts/synth-examples.ts',
  receiveArgs: true,
});

// The synthesis benchmark (not part of npm test: speed is measured, never asserted).
project.addTask('bench', {
  description: 'Benchmark synthesis of 1, 10 and 100 environments against the YAML floor',
  steps: [{ spawn: 'compile' }, { exec: 'node bench/synth-bench.js' }],
});

// The package holds what users run and read (lib/, the jsii assembly, README, API.md,
// docs/, LICENSE): not the repository's CI, benchmark, scripts or examples, whose imports
// of ../../src would not resolve in an installed package. .ci/plan-from-package.sh checks
// the packed tarball.
project.npmignore?.exclude('/.ci/', '/bench/', '/scripts/', '/examples/');

// Releases are cut by hand while the API settles (0.x: a minor version may break it);
// CHANGELOG.md says what each one holds. projen's release workflow stays off until the
// package is published.
project.package.addVersion('0.1.0');

project.synth();
