import type { Identity } from '../core/token.ts';
import { bodyExcerpt } from '../http/json-body.ts';

/** A tenant or workspace as the profile lists it: a display label and every name it answers to. */
export interface ProfileEntry {
  label: string;
  aliases: string[];
}

export interface ParsedProfile {
  identity: Identity;
  /** undefined when the profile does not list any (then nothing can be checked against it). */
  tenants?: ProfileEntry[];
  workspaces?: ProfileEntry[];
}

type Json = Record<string, unknown>;

const NAME_KEYS = ['name', 'full_name', 'fullName', 'display_name', 'displayName'];
const LOGIN_KEYS = ['login', 'username', 'preferred_username', 'handle'];
const SUBJECT_KEYS = ['sub', 'id', 'user_id', 'userId', 'uuid'];
const TENANT_KEYS = ['tenants', 'organizations', 'orgs', 'tenant'];
const WORKSPACE_KEYS = ['workspaces', 'workspace'];
const ENTRY_KEYS = ['slug', 'id', 'name', 'key'];

/**
 * Reads who a token belongs to from the shapes profile endpoints commonly use: flat
 * (`{login, tenants: ["a"]}`), wrapped (`{data: {…}}`, `{user: {…}}`, `{data: {user: {…}}}`),
 * tenants as names or as objects (`[{id, slug, name}]`). Every value is server text: it is
 * flattened to one line and bounded before it can reach a log.
 */
export function parseProfile(body: Json): ParsedProfile {
  const layers = candidates(body);
  const pick = (keys: string[]) => firstString(layers, keys);
  const identity: Identity = {};
  const name = pick(NAME_KEYS);
  const email = pick(['email']);
  const login = pick(LOGIN_KEYS);
  const subject = pick(SUBJECT_KEYS);
  if (name) identity.name = name;
  if (email) identity.email = email;
  if (login) identity.login = login;
  if (subject) identity.subject = subject;
  const parsed: ParsedProfile = { identity };
  const tenants = entries(layers, TENANT_KEYS);
  const workspaces = entries(layers, WORKSPACE_KEYS);
  if (tenants) {
    parsed.tenants = tenants;
    identity.tenants = tenants.map((t) => t.label);
  }
  if (workspaces) {
    parsed.workspaces = workspaces;
    identity.workspaces = workspaces.map((w) => w.label);
  }
  return parsed;
}

/** The innermost user-like object first, so `data.user.name` wins over a top-level `name`. */
function candidates(body: Json): Json[] {
  const data = asObject(body.data);
  return [asObject(data?.user), asObject(body.user), data, asObject(body.profile), body].filter(
    (o): o is Json => o !== undefined,
  );
}

function firstString(layers: Json[], keys: string[]): string | undefined {
  for (const layer of layers) {
    for (const key of keys) {
      const value = scalar(layer[key]);
      if (value) return value;
    }
  }
  return undefined;
}

function entries(layers: Json[], keys: string[]): ProfileEntry[] | undefined {
  for (const layer of layers) {
    for (const key of keys) {
      const value = layer[key];
      if (value === undefined || value === null) continue;
      const list = Array.isArray(value) ? value : [value];
      return list.map(entry).filter((e): e is ProfileEntry => e !== undefined);
    }
  }
  return undefined;
}

function entry(value: unknown): ProfileEntry | undefined {
  const single = scalar(value);
  if (single) return { label: single, aliases: [single] };
  const obj = asObject(value);
  if (!obj) return undefined;
  const aliases = ENTRY_KEYS.map((k) => scalar(obj[k])).filter((a): a is string => !!a);
  if (aliases.length === 0) return undefined;
  const label = scalar(obj.slug) ?? scalar(obj.name) ?? aliases[0]!;
  return { label, aliases };
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const clean = bodyExcerpt(value, 200);
  return clean || undefined;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Whether a requested tenant/workspace is one the profile lists, by any of its names. */
export function listed(requested: string, list: ProfileEntry[]): boolean {
  return list.some((e) => e.aliases.includes(requested));
}
