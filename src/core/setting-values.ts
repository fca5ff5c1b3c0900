import { usageError } from './errors.ts';

/** What a value reader knows of its setting, for messages that name what the user typed. */
export interface ValueContext {
  /** The name the value was set under: the env var, config key or flag (or input). */
  where: string;
  description: string;
}

/**
 * How one setting's text becomes its typed value: `read` gets the trimmed text (a list gets
 * its items) or undefined when unset, and returns the value or the default.
 */
export interface SettingValue<T> {
  kind: 'string' | 'url' | 'int' | 'list' | 'header';
  read(raw: string | string[] | undefined, ctx: ValueContext): T;
  /** Stated in help, action.yml and the README; tests hold them to it. */
  default?: string | number | boolean;
}

const single = (v: string | string[]) => (Array.isArray(v) ? v.join(' ') : v);

/** Plain text, or a value checked by `check` (which gets the text and where it came from). */
export function text(): SettingValue<string | undefined>;
export function text<T>(check: (v: string, where: string) => T): SettingValue<T | undefined>;
export function text<T>(check?: (v: string, where: string) => T): SettingValue<T | string | undefined> {
  return {
    kind: 'string',
    read: (raw, ctx) => (raw === undefined ? undefined : check ? check(single(raw), ctx.where) : single(raw)),
  };
}

/** Text with a default: never undefined. */
export function textOr(fallback: string, check?: (v: string, where: string) => void): SettingValue<string> {
  return {
    kind: 'string',
    default: fallback,
    read: (raw, ctx) => {
      if (raw === undefined) return fallback;
      check?.(single(raw), ctx.where);
      return single(raw);
    },
  };
}

/**
 * An absolute http(s) URL without credentials, exactly as given: servers differ on a trailing
 * slash (Django's /o/token/) and some carry a query (an API version), so nothing is rewritten.
 */
export const url: SettingValue<string | undefined> = {
  kind: 'url',
  read(raw, { where, description }) {
    if (raw === undefined) return undefined;
    const v = single(raw);
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      throw usageError(`${where} is not a valid URL.`, `Give an absolute https:// URL for ${description}.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw usageError(`${where} must be an http(s) URL, got ${parsed.protocol}//….`);
    }
    if (parsed.username || parsed.password) {
      throw usageError(
        `${where} must not carry credentials in the URL.`,
        'Pass credentials through their own settings.',
      );
    }
    return v;
  },
};

/** An HTTP header name (RFC 9110 token). */
export function header(): SettingValue<string | undefined>;
export function header(fallback: string): SettingValue<string>;
export function header(fallback?: string): SettingValue<string | undefined> {
  return {
    kind: 'header',
    ...(fallback !== undefined ? { default: fallback } : {}),
    read(raw, { where }) {
      if (raw === undefined) return fallback;
      const v = single(raw);
      if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(v)) {
        throw usageError(`${where} is not a valid HTTP header name: '${v}'.`);
      }
      return v;
    },
  };
}

/** A whole number from min to max, else the default. */
export function int(min: number, max: number, fallback: number): SettingValue<number> {
  return {
    kind: 'int',
    default: fallback,
    read(raw, { where }) {
      if (raw === undefined) return fallback;
      const v = single(raw);
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        // Named as the user gave it: --timeout-seconds, TOKENRELAY_TIMEOUT_SECONDS, timeout_seconds.
        throw usageError(`${where} must be a whole number from ${min} to ${max}, got '${v.slice(0, 20)}'.`);
      }
      return Number(v);
    },
  };
}

/** Items given as a list, or as one text separated by spaces or commas. */
export const list: SettingValue<string[]> = {
  kind: 'list',
  read(raw) {
    if (raw === undefined) return [];
    const items = Array.isArray(raw) ? raw : raw.split(/[\s,]+/);
    return items.map((s) => s.trim()).filter(Boolean);
  },
};

/** One of a fixed set of words. */
export function oneOf<const T extends string>(choices: readonly T[]): SettingValue<T | undefined> {
  return {
    kind: 'string',
    read(raw, { where }) {
      if (raw === undefined) return undefined;
      const v = single(raw);
      if ((choices as readonly string[]).includes(v)) return v as T;
      throw usageError(`Unknown ${where} '${v.slice(0, 40)}'.`, `Use one of: ${choices.join(', ')}.`);
    },
  };
}

/** true or false (in the casings YAML and the runner accept), else the default. */
export function bool(fallback: boolean): SettingValue<boolean> {
  return {
    kind: 'string',
    default: fallback,
    read(raw, { where }) {
      if (raw === undefined) return fallback;
      const v = single(raw);
      if (/^(true|True|TRUE)$/.test(v)) return true;
      if (/^(false|False|FALSE)$/.test(v)) return false;
      throw usageError(`${where} must be true or false, got '${v.slice(0, 20)}'.`);
    },
  };
}
