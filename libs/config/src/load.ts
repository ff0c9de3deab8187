import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ENV_BINDINGS } from './env';
import { configSchema, type VigilConfig } from './schema';

/** A configuration that failed validation; `issues` name every bad key and where it came from. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Environment to read (defaults to nothing: callers pass process.env explicitly at the edge). */
  env?: Record<string, string | undefined>;
  /** Path of a YAML config file; VIGIL_CONFIG in env is used when absent. */
  file?: string;
  /** Values that win over file and env (CLI flags, tests). */
  overrides?: Record<string, unknown>;
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isTree(value) && isTree(out[key]) ? merge(out[key] as Tree, value) : value;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const LISTENERS = ['ingest', 'dashboardApi', 'alertmanagerApi', 'ops'];
const DEFAULT_PORTS: Record<string, number> = { ingest: 4318, dashboardApi: 8080, alertmanagerApi: 9093, ops: 9464 };

/** Config from env variables, each placed at its path; remembers which variable set which path. */
function fromEnv(env: Record<string, string | undefined>, origins: Map<string, string>): Tree {
  const tree: Tree = {};
  for (const [name, binding] of Object.entries(ENV_BINDINGS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const paths = binding.path.includes('*') ? LISTENERS.map((l) => binding.path.replace('*', l)) : [binding.path];
    for (const path of paths) {
      setPath(tree, path, binding.parse(raw));
      origins.set(path, name);
    }
  }
  // A host alone must not drop the listener's default port.
  const listen = tree.listen;
  if (isTree(listen)) {
    for (const [name, entry] of Object.entries(listen)) {
      if (isTree(entry) && entry.port === undefined) entry.port = DEFAULT_PORTS[name];
    }
  }
  return tree;
}

function readYaml(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read (${(error as Error).message})`]);
  }
  try {
    const doc: unknown = parseYaml(text) ?? {};
    if (!isTree(doc)) throw new ConfigError([`${file}: expected a mapping at the top level`]);
    return doc;
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ConfigError([`${file}: ${error.message}`]);
    throw error;
  }
}

/** Formats zod issues as "path: message (from ENV_VAR)" lines. */
export function describeIssues(issues: z.ZodIssue[], origin: (path: string) => string | undefined = () => undefined) {
  return issues.map((issue) => {
    const path = issue.path.join('.') || '(root)';
    const from = origin(path);
    const unknown = issue.code === 'unrecognized_keys' ? `: unknown key(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` : `: ${issue.message}`;
    return `${path}${unknown}${from ? ` (from ${from})` : ''}`;
  });
}

/**
 * Parses defaults ← YAML file ← env ← overrides into one frozen, validated config.
 * Throws ConfigError listing every bad key (not just the first).
 */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<VigilConfig> {
  const env = options.env ?? {};
  const origins = new Map<string, string>();
  const file = options.file ?? env.VIGIL_CONFIG;
  const fileTree = file ? readYaml(file) : {};
  if (file) origins.set('', file);
  const merged = merge(merge(fileTree, fromEnv(env, origins)), options.overrides ?? {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const origin = (path: string) =>
      origins.get(path) ?? [...origins.entries()].find(([p]) => p && path.startsWith(`${p}.`))?.[1] ?? file;
    throw new ConfigError(describeIssues(result.error.issues, origin));
  }
  return deepFreeze(result.data);
}

/**
 * Parses a service's own section (`services.<name>`) with that service's schema, naming the
 * full key path in errors, e.g. `services.ingest.maxBodyBytes: Expected number`.
 */
export function parseSection<S extends z.ZodTypeAny>(config: VigilConfig, name: string, schema: S): Readonly<z.infer<S>> {
  const result = schema.safeParse(config.services[name] ?? {});
  if (!result.success) {
    throw new ConfigError(
      describeIssues(result.error.issues).map((line) => (line.startsWith('(root)') ? `services.${name}${line.slice(6)}` : `services.${name}.${line}`)),
    );
  }
  return deepFreeze(result.data);
}
