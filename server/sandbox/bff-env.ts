// What a BFF needs in its environment to take a running sandbox as its UMF (README
// "Configuration"): the base URL, the client id and secret, and both keys as PEM text.
import type { SandboxCredentials } from './types.ts';

export function bffEnv(credentials: SandboxCredentials) {
  return {
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
  };
}
