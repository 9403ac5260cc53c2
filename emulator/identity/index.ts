/**
 * The emulated Entra ID sign-in service as an emulator module: owns the `identity` slice (apps, codes,
 * refresh tokens, sessions) and the login routes, plus Graph's revokeSignInSessions.
 */
import type { EmulatorModule } from "../core/types";
import { authorizeGet, authorizePost } from "./authorize";
import { createJwks, instanceDiscovery, openIdConfiguration } from "./discovery";
import { logout } from "./logout";
import { revokeSignInSessions } from "./revoke-sessions";
import type { SigningKey } from "./signing-key";
import { identitySlice, identitySliceName, pruneIdentity, seedIdentity, type IdentitySlice } from "./state";
import { createTokenEndpoint } from "./token-endpoint";

export { createAuthenticator } from "./authenticate";
export { loadOrCreateSigningKey, type SigningKey } from "./signing-key";

export function createIdentityModule(key: SigningKey): EmulatorModule<IdentitySlice> {
  return {
    name: identitySliceName,
    seed: (fixture) => seedIdentity(fixture),
    register(router) {
      router.add("login", "GET", "/:tenant/v2.0/.well-known/openid-configuration", openIdConfiguration);
      router.add("login", "GET", "/:tenant/discovery/v2.0/keys", createJwks(key));
      router.add("login", "GET", "/common/discovery/instance", instanceDiscovery);
      router.add("login", "GET", "/:tenant/oauth2/v2.0/authorize", authorizeGet);
      router.add("login", "POST", "/:tenant/oauth2/v2.0/authorize", authorizePost);
      router.add("login", "POST", "/:tenant/oauth2/v2.0/token", createTokenEndpoint(key));
      router.add("login", "GET", "/:tenant/oauth2/v2.0/logout", logout);
      router.add("graph", "POST", "/v1.0/users/:id/revokeSignInSessions", revokeSignInSessions);
      router.add("graph", "POST", "/v1.0/me/revokeSignInSessions", revokeSignInSessions);
    },
    tick(services) {
      if (pruneIdentity(identitySlice(services), services.clock.nowMs())) services.changed();
    },
    summary(services) {
      const slice = identitySlice(services);
      return {
        applications: slice.applications.map((a) => ({ appId: a.appId, displayName: a.displayName })),
        activeRefreshTokens: Object.keys(slice.refreshTokens).length,
        sessions: Object.keys(slice.sessions).length,
      };
    },
  };
}
