import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDataset } from '../../src/core/engine/analyzeDataset';
import { comparable } from './helpers/comparableReport';
import { writeImageFolder } from './helpers/containerFixtures';
import { tempDir } from './helpers/images';
import { rowsOfFiles, writeHubParquet } from './helpers/parquetFixtures';
import { NUMPY_PIL, pythonMissing } from './helpers/python';

/*
 * Hugging Face repositories as `datasets`' push_to_hub writes them: the default config's files under data/, any
 * other config's under a folder of its name (data_dir = config_name), file names `<split>-00000-of-00001.parquet`;
 * some repositories put the configs under data/<config>/. The dataset card (README.md front matter) holds
 * dataset_info: one mapping, or a list with a config_name each, whose label feature's dtype is
 * class_label: {names: {'0': name, ...}}. These Parquet files carry no `huggingface` metadata: the card names.
 */
const repo = path.resolve(__dirname, '..', '..');
const cli = path.join(repo, 'dist', 'cli.js');
const tmp = tempDir();
const folder = path.join(tmp.dir, 'folder');
/** <repo>/<config>/<split>-….parquet, a card with one dataset_info mapping. */
const perConfig = path.join(tmp.dir, 'per-config');
/** <repo>/data/<config>/<split>-….parquet for two configs, a card listing both. */
const dataConfigs = path.join(tmp.dir, 'data-configs');
const skip = pythonMissing(NUMPY_PIL) ?? undefined;
const CLASSES = ['cat', 'dog', 'eel'];
/** Names in the card that differ by config: the right entry must be picked. */
const OTHER = ['ant', 'bee', 'cow'];
const folderFileOf = new Map<string, string>();

const card = (info: string) =>
  `---\nlicense: mit\n${info}configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: pets/train-*\n---\n# pets\n`;
const infoOf = (names: string[], config?: string, indent = '') =>
  [
    config === undefined ? 'dataset_info:' : `- config_name: ${config}`,
    '  features:',
    '  - name: image',
    '    dtype: image',
    '  - name: label',
    '    dtype:',
    '      class_label:',
    '        names:',
    ...names.map((n, k) => `          '${k}': ${n}`),
    '  splits:',
    '  - name: train',
    '    num_examples: 1',
  ]
    .map((line, k) => (config !== undefined && k > 0 ? indent + line : line))
    .join('\n') + '\n';

before(() => {
  if (skip) return;
  const files = writeImageFolder(folder, 6);
  const write = (dir: string, prefix: string) => {
    mkdirSync(dir, { recursive: true });
    for (const split of ['train', 'test']) {
      const name = `${split}-00000-of-00001.parquet`;
      const ofSplit = files.filter((f) => f.split === split);
      writeHubParquet(path.join(dir, name), rowsOfFiles(folder, ofSplit, CLASSES), undefined);
      ofSplit.forEach((f, k) => folderFileOf.set(`${prefix}${name}#${k}`, f.file));
    }
  };
  write(path.join(perConfig, 'pets'), 'pets/');
  writeFileSync(path.join(perConfig, 'README.md'), card(infoOf(CLASSES)));
  writeFileSync(path.join(perConfig, '.gitattributes'), '*.parquet filter=lfs diff=lfs merge=lfs -text\n');
  write(path.join(dataConfigs, 'data', 'pets'), '');
  write(path.join(dataConfigs, 'data', 'bugs'), '');
  writeFileSync(
    path.join(dataConfigs, 'README.md'),
    card(`dataset_info:\n${infoOf(OTHER, 'bugs')}${infoOf(CLASSES, 'pets')}`),
  );
});
after(() => tmp.cleanup());

test(
  'a repository with one config folder: its Parquet files, class names from the dataset card, statistics equal the folder',
  { skip },
  async () => {
    const hub = await analyzeDataset(perConfig, { workers: 0 });
    assert.equal(hub.layout, 'parquet');
    assert.deepEqual(hub.splits.map((s) => s.name).sort(), ['test', 'train']);
    assert.deepEqual(
      hub.classes.map((c) => c.name),
      CLASSES,
    );
    assert.equal(hub.numberedClasses, undefined);
    assert.ok(
      hub.issues.every((i) => i.file.startsWith('pets/')),
      hub.issues.map((i) => i.file).join(' '),
    );
    assert.ok(
      hub.warnings.some((w) => /class names from the dataset card/.test(w) && w.includes('README.md')),
      hub.warnings.join('\n'),
    );
    const images = await analyzeDataset(folder, { workers: 0 });
    assert.deepEqual(
      comparable(hub, (f) => folderFileOf.get(f) ?? f),
      comparable(images),
    );
  },
);

test('one Parquet file of a config folder takes its names from the card above it', { skip }, async () => {
  const report = await analyzeDataset(path.join(perConfig, 'pets', 'train-00000-of-00001.parquet'), {
    workers: 0,
  });
  assert.deepEqual(
    report.classes.map((c) => c.name),
    CLASSES,
  );
});

test('data/<config>/ folders: each config reads with its own card entry', { skip }, async () => {
  for (const [config, names] of [
    ['pets', CLASSES],
    ['bugs', OTHER],
  ] as const) {
    const report = await analyzeDataset(path.join(dataConfigs, 'data', config), { workers: 0 });
    assert.equal(report.layout, 'parquet');
    assert.deepEqual(
      report.classes.map((c) => c.name),
      [...names],
      config,
    );
  }
});

test('a repository holding several configs names them and stops: exit 2, one line', { skip }, () => {
  const run = spawnSync(process.execPath, [cli, 'analyze', dataConfigs, '--no-cache'], { encoding: 'utf8' });
  assert.equal(run.status, 2, run.stdout);
  assert.match(run.stderr.trim(), /^[^\n]*configs bugs, pets[^\n]*data\/pets[^\n]*$/);
});
