// The platforms a VSIX is built for: VS Code's target name, the npm platform that selects sharp's prebuilt
// packages for it, and the native packages that VSIX must hold (and no other).

/** @typedef {{ target: string, os: string, cpu: string, libc?: string, nativePackages: string[] }} Target */

/** @type {Target[]} */
export const TARGETS = [
  target('linux-x64', 'linux', 'x64', 'glibc', 'linux-x64'),
  target('linux-arm64', 'linux', 'arm64', 'glibc', 'linux-arm64'),
  target('alpine-x64', 'linux', 'x64', 'musl', 'linuxmusl-x64'),
  target('darwin-x64', 'darwin', 'x64', undefined, 'darwin-x64'),
  target('darwin-arm64', 'darwin', 'arm64', undefined, 'darwin-arm64'),
  // sharp's Windows package carries libvips itself (no separate sharp-libvips package).
  { target: 'win32-x64', os: 'win32', cpu: 'x64', nativePackages: ['@img/sharp-win32-x64'] },
];

function target(name, os, cpu, libc, sharpPlatform) {
  return {
    target: name,
    os,
    cpu,
    libc,
    nativePackages: [`@img/sharp-${sharpPlatform}`, `@img/sharp-libvips-${sharpPlatform}`],
  };
}

/** The VSIX file name for a target, as `vsce package --target` names it. */
export function vsixName(manifest, target) {
  return `${manifest.name}-${target}-${manifest.version}.vsix`;
}
