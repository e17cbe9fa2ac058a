/** Types for the tests (targets.mjs is plain JavaScript run by node). */
export interface Target {
  target: string;
  os: string;
  cpu: string;
  libc?: string;
  nativePackages: string[];
  /** The folder of node_modules/usearch/prebuilds the VSIX keeps (none: usearch does not load there). */
  usearchPrebuild?: string;
}
export const TARGETS: Target[];
export function vsixName(manifest: { name: string; version: string }, target: string): string;
