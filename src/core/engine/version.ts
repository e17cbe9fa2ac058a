/** The product version, shown in reports. */
export const TOOL_VERSION = '0.1.0';

/**
 * Version of what the engine measures per image. Bump it whenever a per-image record changes (a new measure, a
 * different decode or thumbnail), so caches and shards made by an older engine are not mixed with new ones.
 */
export const ENGINE_VERSION = 5;
