/**
 * The one person the test provider knows. The profile API answers for the same person, so
 * a token obtained by logging in as alice resolves to the same profile as her PAT.
 */
import type { Account, FindAccount } from 'oidc-provider';

export const TEST_USER = {
  sub: 'alice',
  login: 'alice',
  name: 'Alice Example',
  email: 'alice@example.test',
} as const;

/** Only alice exists: devInteractions accept any login name, and a typo should fail. */
export const findAccount: FindAccount = (_ctx, sub): Account | undefined => {
  if (sub !== TEST_USER.sub) return undefined;
  return {
    accountId: sub,
    claims: () => ({
      sub,
      name: TEST_USER.name,
      preferred_username: TEST_USER.login,
      email: TEST_USER.email,
      email_verified: true,
    }),
  };
};
