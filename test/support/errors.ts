import { KafkaConfigError } from '../../src/core/errors';

/**
 * The message of the library error `run` throws: '' when it throws nothing (so an
 * expectation on the message fails with the difference shown), and any other error
 * thrown on, failing the test.
 */
export function configErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof KafkaConfigError) return e.message;
    throw e;
  }
  return '';
}
