/** Types for the tests (vsixReadme.mjs is plain JavaScript run by node). */
export function vsixReadme(markdown: string, root: string): Promise<string>;
