import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../src/extension/commandIds';
import {
  analyzeOptions,
  BOOLEAN_SETTINGS,
  NUMBER_SETTINGS,
  STRING_SETTINGS,
  numberSetting,
  readSettings,
} from '../../src/extension/settings';
import { DEFAULT_QUALITY_THRESHOLDS } from '../../src/core/quality/qualityOptions';
import { isContainerName } from '../../src/core/source/containerNames';

interface Manifest {
  activationEvents: string[];
  main: string;
  engines: { vscode: string };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: {
      properties: Record<string, { type: string; default: unknown; minimum?: number; maximum?: number }>;
    };
    jsonValidation: { fileMatch: string[]; url: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: { supported: boolean } };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

describe('extension manifest', () => {
  it('declares exactly the commands the extension registers, all in the Dataset Lens category', () => {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...COMMAND_IDS].sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Dataset Lens');
  });

  it('the Explorer offers Analyze and Augment on folders and on the container files the scan reads', () => {
    const names = [
      'train-00000-of-00001.parquet',
      'shard-000.tar',
      'shard-000.tar.gz',
      'a.TGZ',
      'train-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte',
      'photo.png',
      'notes.txt',
      'data.parquet.bak',
      'images-idx3-ubyte.zip',
    ];
    for (const command of ['datasetLens.analyzeDataset', 'datasetLens.augmentDataset']) {
      const when = manifest.contributes.menus['explorer/context'].find((e) => e.command === command)!.when!;
      assert.match(when, /explorerResourceIsFolder/);
      const [, body, flags] = /resourceFilename =~ \/(.+)\/(\w*)\)/.exec(when)!;
      const offered = new RegExp(body, flags);
      for (const name of names)
        assert.equal(offered.test(name), isContainerName(name), `${command}: ${name}`);
    }
  });

  it('every menu entry names a declared command', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries)
        assert.ok((COMMAND_IDS as readonly string[]).includes(e.command), `${menu}: ${e.command}`);
    }
    const explorer = manifest.contributes.menus['explorer/context'];
    assert.ok(
      explorer.some(
        (e) => e.command === 'datasetLens.analyzeDataset' && /explorerResourceIsFolder/.test(e.when ?? ''),
      ),
    );
    assert.ok(
      explorer.some(
        (e) => e.command === 'datasetLens.previewAugmentations' && /pipeline\\\.json/.test(e.when ?? ''),
      ),
    );
  });

  it('activates on its commands (implicit) and its panel serializer only', () => {
    assert.deepEqual(manifest.activationEvents, ['onWebviewPanel:datasetLens.panel']);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, false);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
  });

  it('validates *.pipeline.json with the shipped schema', () => {
    const [rule] = manifest.contributes.jsonValidation;
    assert.deepEqual(rule.fileMatch, ['*.pipeline.json']);
    JSON.parse(readFileSync(rule.url, 'utf8'));
  });

  it('settings: package.json defaults and ranges match the typed wrapper, quality defaults match the engine', () => {
    const props = manifest.contributes.configuration.properties;
    const declared = Object.keys(props)
      .map((k) => k.replace(/^datasetLens\./, ''))
      .sort();
    assert.deepEqual(
      declared,
      [
        ...Object.keys(NUMBER_SETTINGS),
        ...Object.keys(BOOLEAN_SETTINGS),
        ...Object.keys(STRING_SETTINGS),
      ].sort(),
    );
    for (const [name, spec] of Object.entries(STRING_SETTINGS)) {
      assert.equal(props[`datasetLens.${name}`].default, spec.default, name);
      assert.equal(props[`datasetLens.${name}`].type, 'string', name);
    }
    for (const [name, spec] of Object.entries(NUMBER_SETTINGS)) {
      const p = props[`datasetLens.${name}`];
      assert.equal(p.default, spec.default, name);
      assert.equal(p.minimum, spec.min, name);
      assert.equal(p.maximum, spec.max, name);
      assert.equal(p.type, 'integer' in spec && spec.integer ? 'integer' : 'number', name);
    }
    const quality = readSettings(() => undefined).quality;
    for (const [key, value] of Object.entries(quality))
      assert.equal(value, DEFAULT_QUALITY_THRESHOLDS[key as keyof typeof DEFAULT_QUALITY_THRESHOLDS], key);
  });

  it('settings are clamped and typed, whatever settings.json holds', () => {
    assert.equal(numberSetting('thumbnailSize', 10_000), 256);
    assert.equal(numberSetting('thumbnailSize', '64'), 96);
    assert.equal(numberSetting('preview.variants', 2.6), 3);
    assert.equal(numberSetting('quality.dark', -1), 0);
    const settings = readSettings(
      (name) => ({ 'cache.enabled': false, 'analysis.sampleSize': 100, 'analysis.workers': 2 })[name],
    );
    assert.deepEqual(analyzeOptions(settings, '/cache'), {
      quality: settings.quality,
      sample: 100,
      seed: 0,
      workers: 2,
    });
    const follow = readSettings((name) => (name === 'scan.followExternalLinks' ? true : undefined));
    assert.equal(analyzeOptions(follow, '/cache').followExternalLinks, true);
    assert.equal(readSettings(() => 'yes').followExternalLinks, false);
    assert.ok(
      'cacheDir' in
        analyzeOptions(
          readSettings(() => undefined),
          '/cache',
        ),
    );
  });
});
