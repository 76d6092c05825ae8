/**
 * Whether a ConfigMap key whose name says "credentials" is a Schema Registry client's
 * `basic.auth.credentials.source`: where the client finds its credentials (USER_INFO, the
 * user-info setting, set from a Secret by reference), not a credential itself.
 */
export function isCredentialsSource(key: string, value: unknown): boolean {
  return /_BASIC_AUTH_CREDENTIALS_SOURCE$/.test(key) && value === 'USER_INFO';
}
