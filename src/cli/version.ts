// Kept in step with package.json by hand: importing package.json would bundle all of it.
export const VERSION = '0.1.0';
