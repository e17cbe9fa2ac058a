import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/** The dataset card of a Hugging Face repository: README.md, its metadata in YAML front matter. */
const CARD = 'README.md';
/** Where push_to_hub puts the default config's files (another config's go under a folder of its name). */
export const HUB_DATA_FOLDER = 'data';
/** A card sits this many folders above a Parquet file at most: `<repo>/data/<config>/train-….parquet`. */
const LEVELS_UP = 2;

/** Class names a dataset card gives a config's label column, and the card they come from. */
export interface CardClassNames {
  names: string[];
  card: string;
}

/**
 * The class names of the `label` column as the dataset card above `dir` states them (dataset_info.features,
 * dtype.class_label.names), for the config `dir` holds: `data/` is the default config, `<config>/` and
 * `data/<config>/` name theirs. The nearest card with a dataset_info decides; undefined when there is none, it
 * says nothing of this config, or its names are not 0..n-1.
 */
export async function cardClassNames(dir: string, labelColumn: string): Promise<CardClassNames | undefined> {
  let cardDir = dir;
  for (let up = 0; up <= LEVELS_UP; up++, cardDir = path.dirname(cardDir)) {
    const card = path.join(cardDir, CARD);
    const info = await datasetInfo(card);
    if (info === undefined) continue;
    const entry = entryOf(info, configOf(path.relative(cardDir, dir)));
    const names = entry && labelNames(entry, labelColumn);
    return names ? { names, card } : undefined;
  }
  return undefined;
}

/** The config a folder below the card holds: '' and `data` are the default one. */
function configOf(relative: string): string {
  const parts = relative.split(path.sep).filter((p) => p && p !== HUB_DATA_FOLDER);
  return parts.length ? parts[parts.length - 1] : 'default';
}

/** The card's dataset_info (a mapping, or a list of them), or undefined: no card, no front matter, bad YAML. */
async function datasetInfo(card: string): Promise<unknown> {
  const text = await fsp.readFile(card, 'utf8').catch(() => undefined);
  const front = text && /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(\r?\n|$)/.exec(text)?.[1];
  if (!front) return undefined;
  try {
    return (load(front) as { dataset_info?: unknown } | null)?.dataset_info ?? undefined;
  } catch {
    return undefined;
  }
}

type Entry = { config_name?: unknown; features?: unknown };

/** The entry for `config`: the one naming it, or the only entry when it names none (a single-config card). */
function entryOf(info: unknown, config: string): Entry | undefined {
  const entries = (Array.isArray(info) ? info : [info]).filter(
    (e): e is Entry => typeof e === 'object' && e !== null,
  );
  return (
    entries.find((e) => e.config_name === config) ??
    (entries.length === 1 && entries[0].config_name === undefined ? entries[0] : undefined)
  );
}

/** features: [{name, dtype: {class_label: {names: {'0': a, '1': b} or [a, b]}}}] -> [a, b]. */
function labelNames(entry: Entry, labelColumn: string): string[] | undefined {
  if (!Array.isArray(entry.features)) return undefined;
  const feature = (entry.features as { name?: unknown; dtype?: unknown }[]).find(
    (f) => f?.name === labelColumn,
  );
  const names = (feature?.dtype as { class_label?: { names?: unknown } } | undefined)?.class_label?.names;
  const list = Array.isArray(names)
    ? names
    : names && typeof names === 'object'
      ? Object.keys(names).map((_, k) => (names as Record<string, unknown>)[String(k)])
      : undefined;
  return list?.length && list.every((n) => typeof n === 'string' || typeof n === 'number')
    ? list.map(String)
    : undefined;
}
