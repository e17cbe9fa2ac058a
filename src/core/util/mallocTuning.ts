/**
 * glibc settings for a child process that allocates image-sized buffers one after another. With glibc's dynamic
 * thresholds, freed buffers were given back to the kernel and faulted in again for the next image: allocating a
 * 640x480 float image took several times as long as a pass over it (measured in export workers; analysis
 * workers decoding photos were slower the same way). Fixed thresholds keep up to 32 MB of freed heap for reuse;
 * two arenas are enough for the decoding threads. Variables already set in the environment win.
 */
export function mallocTuningEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2',
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? String(16 << 20),
    MALLOC_TRIM_THRESHOLD_: env.MALLOC_TRIM_THRESHOLD_ ?? String(32 << 20),
  };
}
