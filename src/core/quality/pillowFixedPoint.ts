/**
 * Pillow's fixed point for 8-bit resampling (Resample.c): weights scaled by 2^PRECISION_BITS, each sum started at
 * half a unit (HALF) and shifted down by PRECISION_BITS. Shared by the JavaScript passes and the SIMD kernels, which
 * must round exactly alike.
 */
export const PRECISION_BITS = 32 - 8 - 2;
export const HALF = 1 << (PRECISION_BITS - 1);
