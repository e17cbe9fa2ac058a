// The platforms a VSIX is built for: VS Code's target name, the npm platform that selects sharp's prebuilt
// packages for it, the native packages that VSIX must hold (and no other), and the folder of usearch's prebuilds
// it keeps (usearch ships every platform's in one package; none loads on musl, so Alpine keeps none and searches
// above 50,000 images are skipped there).

/**
 * @typedef {{ target: string, os: string, cpu: string, libc?: string, nativePackages: string[],
 *   usearchPrebuild?: string }} Target
 */

/** @type {Target[]} */
export const TARGETS = [
  target('linux-x64', 'linux', 'x64', 'glibc', 'linux-x64', 'linux-x64'),
  target('linux-arm64', 'linux', 'arm64', 'glibc', 'linux-arm64', 'linux-arm64'),
  target('alpine-x64', 'linux', 'x64', 'musl', 'linuxmusl-x64', undefined),
  target('darwin-x64', 'darwin', 'x64', undefined, 'darwin-x64', 'darwin-arm64+x64'),
  target('darwin-arm64', 'darwin', 'arm64', undefined, 'darwin-arm64', 'darwin-arm64+x64'),
  // sharp's Windows package carries libvips itself (no separate sharp-libvips package).
  {
    target: 'win32-x64',
    os: 'win32',
    cpu: 'x64',
    nativePackages: ['@img/sharp-win32-x64'],
    usearchPrebuild: 'win32-x64',
  },
];

function target(name, os, cpu, libc, sharpPlatform, usearchPrebuild) {
  return {
    target: name,
    os,
    cpu,
    libc,
    nativePackages: [`@img/sharp-${sharpPlatform}`, `@img/sharp-libvips-${sharpPlatform}`],
    usearchPrebuild,
  };
}

/** The VSIX file name for a target, as `vsce package --target` names it. */
export function vsixName(manifest, target) {
  return `${manifest.name}-${target}-${manifest.version}.vsix`;
}
