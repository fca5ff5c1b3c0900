// Its own file so the CLI's help states the default without loading any login code.
export const DEFAULT_LOGIN_TIMEOUT_SECONDS = 300;
