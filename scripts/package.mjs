// Builds one VSIX per platform into build/vsix/: `npm run package` (all targets) or
// `npm run package -- --target linux-x64 [--target ...]`. Each target gets a staging folder holding the production
// bundles, the user README (pictures inlined) and `npm ci --omit=dev` of the locked dependencies for that platform
// (npm installs another platform's optional sharp packages when told its os/cpu/libc), then `vsce package
// --target`. Needs the npm registry for platforms whose sharp packages are not in the npm cache yet.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { TARGETS, vsixName } from './package/targets.mjs';
import { vsixReadme } from './package/vsixReadme.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'build', 'vsix');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

const asked = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--target' ? [arg] : []));
const unknown = asked.filter((name) => !TARGETS.some((t) => t.target === name));
if (unknown.length > 0) {
  console.error(
    `package: unknown target ${unknown.join(', ')} (targets: ${TARGETS.map((t) => t.target).join(', ')})`,
  );
  process.exit(2);
}
const targets = asked.length > 0 ? TARGETS.filter((t) => asked.includes(t.target)) : TARGETS;

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const common = path.join(OUT, 'common');
rmSync(common, { recursive: true, force: true });
execFileSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', path.join(common, 'dist')], {
  cwd: ROOT,
  stdio: 'inherit',
});
const readme = await vsixReadme(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), ROOT);

for (const target of targets) {
  const stage = path.join(OUT, target.target);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  // The extension's manifest: no scripts, and not the npm package's CLI files. npm ci checks package.json against
  // the lock file, so the dependency lists stay until it has run.
  const extension = { ...manifest };
  for (const key of ['scripts', 'files', 'bin']) delete extension[key];
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(extension, null, 2));
  // .npmrc: the lock file was made with its settings (legacy-peer-deps), npm ci must read it the same way.
  for (const file of ['package-lock.json', '.npmrc'])
    copyFileSync(path.join(ROOT, file), path.join(stage, file));
  const platform = [
    `--os=${target.os}`,
    `--cpu=${target.cpu}`,
    ...(target.libc ? [`--libc=${target.libc}`] : []),
  ];
  execFileSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...platform],
    { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // usearch carries every platform's prebuilt binary: keep only this target's.
  const prebuilds = path.join(stage, 'node_modules', 'usearch', 'prebuilds');
  for (const folder of existsSync(prebuilds) ? readdirSync(prebuilds) : [])
    if (folder !== target.usearchPrebuild)
      rmSync(path.join(prebuilds, folder), { recursive: true, force: true });
  delete extension.devDependencies;
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(extension, null, 2));

  cpSync(path.join(common, 'dist'), path.join(stage, 'dist'), { recursive: true });
  for (const file of [
    '.vscodeignore',
    'LICENSE',
    'CHANGELOG.md',
    'media/icon.png',
    'schema/pipeline.schema.json',
  ]) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    copyFileSync(path.join(ROOT, file), path.join(stage, file));
  }
  writeFileSync(path.join(stage, 'README.md'), readme);

  const vsix = path.join(OUT, vsixName(manifest, target.target));
  execFileSync(
    process.execPath,
    [
      VSCE,
      'package',
      '--target',
      target.target,
      '--no-yarn',
      '--allow-missing-repository',
      // The README's pictures are data: URLs and its links plain text (see vsixReadme.mjs): nothing to rewrite.
      '--no-rewrite-relative-links',
      '--out',
      vsix,
    ],
    { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`${path.relative(ROOT, vsix)}  ${(statSync(vsix).size / 1e6).toFixed(2)} MB`);
}
