// Public API of cdk8s-kafka. Only what users construct or pass in is exported here;
// the resolve functions behind the constructs stay internal (jsii would otherwise
// publish them to every target language).
export { ConfluentVersion } from './core/version';
export { ConfigScope } from './core/config-keys';
export { ImageOptions } from './core/image';
